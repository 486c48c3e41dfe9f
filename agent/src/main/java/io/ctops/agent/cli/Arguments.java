package io.ctops.agent.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed command line: {@code <command> [--flag] [--option value | --option=value]...}.
 * Each command accepts its own options; anything else is a {@link UsageException}.
 *
 * @param command the command, {@code help} when none was given
 * @param flags the flags given, e.g. {@code --once}
 * @param options the options given with their values
 * @param repeated the options that may be given more than once ({@code --tag}, {@code --address}), with every
 *                 value in order
 */
public record Arguments(String command, Set<String> flags, Map<String, String> options,
        Map<String, List<String>> repeated) {

    public static final String PLUGINS_DIR = "--plugins-dir";
    public static final String DATA_DIR = "--data-dir";
    public static final String HOST_ROOT = "--host-root";
    public static final String ONCE = "--once";
    public static final String CONFIG = "--config";
    public static final String TAG = "--tag";
    public static final String TOKEN = "--token";
    public static final String ADDRESS = "--address";
    public static final String CA_CERT = "--ca-cert";
    public static final String ROOT = "--root";
    public static final String PURGE = "--purge";

    private static final Set<String> VALUE_OPTIONS = Set.of(PLUGINS_DIR, DATA_DIR, HOST_ROOT, CONFIG, TAG, TOKEN,
            ADDRESS, CA_CERT, ROOT);
    private static final Set<String> REPEATABLE = Set.of(TAG, ADDRESS);
    private static final Map<String, Set<String>> ACCEPTED = Map.of(
            "collect", Set.of(ONCE, PLUGINS_DIR, DATA_DIR, HOST_ROOT),
            "run", Set.of(CONFIG, TAG, PLUGINS_DIR, DATA_DIR, HOST_ROOT),
            "status", Set.of(CONFIG, DATA_DIR),
            "install", Set.of(TOKEN, ADDRESS, TAG, CA_CERT, ROOT),
            "uninstall", Set.of(PURGE, ROOT),
            "version", Set.of(),
            "help", Set.of());

    public Arguments {
        flags = Set.copyOf(flags);
        options = Map.copyOf(options);
        Map<String, List<String>> copy = new HashMap<>();
        repeated.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        repeated = Map.copyOf(copy);
    }

    /** Arguments without repeatable options. */
    public Arguments(String command, Set<String> flags, Map<String, String> options) {
        this(command, flags, options, Map.of());
    }

    /**
     * Parses the arguments of {@code main}.
     *
     * @param args the arguments
     * @return what they say
     * @throws UsageException naming the first thing that is wrong
     */
    public static Arguments parse(List<String> args) {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")) {
            return new Arguments("help", Set.of(), Map.of());
        }
        String command = args.get(0);
        if (command.startsWith("-")) {
            throw new UsageException("expected a command before '" + command + "'");
        }
        Set<String> accepted = ACCEPTED.get(command);
        if (accepted == null) {
            throw new UsageException("unknown command '" + command + "'");
        }
        Set<String> flags = new HashSet<>();
        Map<String, String> options = new HashMap<>();
        Map<String, List<String>> repeated = new HashMap<>();
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            if (!accepted.contains(name)) {
                throw new UsageException("unknown option '" + name + "' for " + command);
            }
            if (flags.contains(name) || options.containsKey(name)) {
                throw new UsageException("option " + name + " given twice");
            }
            if (!VALUE_OPTIONS.contains(name)) {
                if (equals >= 0) {
                    throw new UsageException("option " + name + " takes no value");
                }
                flags.add(name);
                continue;
            }
            String value;
            if (equals >= 0) {
                value = requireValue(name, arg.substring(equals + 1));
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                throw new UsageException("option " + name + " needs a value");
            }
            if (REPEATABLE.contains(name)) {
                repeated.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            } else {
                options.put(name, value);
            }
        }
        return new Arguments(command, flags, options, repeated);
    }

    private static String requireValue(String name, String value) {
        if (value.isBlank()) {
            throw new UsageException("option " + name + " needs a value");
        }
        return value;
    }

    /** {@return whether the flag was given} */
    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /** {@return every value of a repeatable option, in the order given} */
    public List<String> all(String name) {
        return repeated.getOrDefault(name, List.of());
    }

    /** {@return the option's value, if it was given} */
    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }
}
