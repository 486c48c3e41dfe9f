package io.ctops.core.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One sub-command's words: the positional ones ({@code token revoke ID}) and its options, each
 * {@code --name value} or a bare {@code --flag}. Only the options a command declares are accepted,
 * so a typo is a usage error instead of being ignored.
 */
final class AdminArguments {

    private final List<String> positional;
    private final Map<String, List<String>> options;

    private AdminArguments(List<String> positional, Map<String, List<String>> options) {
        this.positional = positional;
        this.options = options;
    }

    /**
     * @param valued options that take a value
     * @param flags options that stand alone
     */
    static AdminArguments parse(List<String> words, Set<String> valued, Set<String> flags) {
        List<String> positional = new ArrayList<>();
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (!word.startsWith("--")) {
                positional.add(word);
                continue;
            }
            String name = word.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (name.equals("password")) {
                throw new UsageException("passwords are never taken as arguments (shell history, ps); "
                        + "set CT_OPS_ADMIN_PASSWORD or send the password on standard input");
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageException("--" + name + " takes no value");
                }
                options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= words.size() || words.get(i + 1).startsWith("--")) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    value = words.get(++i);
                }
                options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
        return new AdminArguments(List.copyOf(positional), options);
    }

    /** The only positional word the command takes (an id). */
    String single(String what) {
        if (positional.size() != 1) {
            throw new UsageException(positional.isEmpty() ? what + " is required" : "unexpected argument '" + positional.get(1) + "'");
        }
        return positional.get(0);
    }

    void noPositional() {
        if (!positional.isEmpty()) {
            throw new UsageException("unexpected argument '" + positional.get(0) + "'");
        }
    }

    Optional<String> option(String name) {
        List<String> values = options.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw new UsageException("--" + name + " is given more than once");
        }
        return values.stream().findFirst();
    }

    String required(String name) {
        return option(name).filter(v -> !v.isBlank()).orElseThrow(() -> new UsageException("--" + name + " is required"));
    }

    List<String> all(String name) {
        return options.getOrDefault(name, List.of());
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    Optional<Integer> number(String name, int min, int max) {
        return option(name).map(value -> {
            try {
                int n = Integer.parseInt(value.strip());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException("--" + name + " must be a whole number from " + min + " to " + max);
        });
    }
}
