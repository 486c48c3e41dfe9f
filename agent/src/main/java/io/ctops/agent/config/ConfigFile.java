package io.ctops.agent.config;

import com.moandjiezana.toml.Toml;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The settings in the agent's TOML file ({@code --config}), checked for unknown keys and types but
 * not yet merged with the environment and the command line.
 *
 * <pre>
 * [ingest]
 * address = ["ingest-1.example.org:9443", "ingest-2.example.org:9443"]   # or one string
 * ca_cert_file = "/etc/ctops-agent/ca.pem"
 *
 * [agent]
 * org_token = "..."
 * data_dir = "/var/lib/ctops-agent"
 * heartbeat_interval_secs = 30
 *
 * [agent.tags]
 * env = "production"
 *
 * [spool]
 * max_size_mib = 64
 * </pre>
 *
 * Relative paths are relative to the directory of the file.
 *
 * @param file the file read
 * @param addresses {@code [ingest] address}
 * @param caCertFile {@code [ingest] ca_cert_file}
 * @param orgToken {@code [agent] org_token}
 * @param dataDir {@code [agent] data_dir}
 * @param heartbeatIntervalSecs {@code [agent] heartbeat_interval_secs}
 * @param tags {@code [agent.tags]}
 * @param spoolMaxSizeMib {@code [spool] max_size_mib}
 */
public record ConfigFile(Path file, Optional<List<String>> addresses, Optional<Path> caCertFile,
        Optional<String> orgToken, Optional<Path> dataDir, Optional<Long> heartbeatIntervalSecs,
        Map<String, String> tags, Optional<Long> spoolMaxSizeMib) {

    private static final Map<String, Set<String>> KEYS = Map.of(
            "ingest", Set.of("address", "ca_cert_file"),
            "agent", Set.of("org_token", "data_dir", "heartbeat_interval_secs", "tags"),
            "spool", Set.of("max_size_mib"));
    // toml4j quotes the offending line after "on line N": it could hold the enrolment token.
    private static final Pattern WHERE = Pattern.compile("^(.*? on line \\d+).*$", Pattern.DOTALL);

    public ConfigFile {
        requireNonNull(file, "file is null");
        requireNonNull(addresses, "addresses is null");
        requireNonNull(caCertFile, "caCertFile is null");
        requireNonNull(orgToken, "orgToken is null");
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(heartbeatIntervalSecs, "heartbeatIntervalSecs is null");
        tags = Map.copyOf(tags);
        requireNonNull(spoolMaxSizeMib, "spoolMaxSizeMib is null");
    }

    /** Never prints the enrolment token. */
    @Override
    public String toString() {
        return "ConfigFile[file=" + file + ", addresses=" + addresses + ", caCertFile=" + caCertFile + ", orgToken="
                + (orgToken.isPresent() ? "(set)" : "(not set)") + ", dataDir=" + dataDir + ", heartbeatIntervalSecs="
                + heartbeatIntervalSecs + ", tags=" + tags + ", spoolMaxSizeMib=" + spoolMaxSizeMib + "]";
    }

    /** A file that sets nothing, for an agent configured by environment and command line alone. */
    static ConfigFile none() {
        return new ConfigFile(Path.of(""), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Map.of(), Optional.empty());
    }

    /**
     * Reads and checks a file.
     *
     * @param file the TOML file
     * @return its settings
     * @throws ConfigException naming the file, or the key and the file
     */
    public static ConfigFile read(Path file) {
        Path path = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new ConfigException("--config", path + (Files.exists(path) ? " is not a file" : " does not exist"));
        }
        String text;
        try {
            text = Files.readString(path);
        } catch (CharacterCodingException e) {
            throw new ConfigException("--config", path + " is not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException("--config", path + " cannot be read: " + e.getMessage());
        }
        Map<String, Object> root;
        try {
            root = new Toml().read(text).toMap();
        } catch (RuntimeException e) {
            throw new ConfigException(path.toString(), "not valid TOML: " + where(e.getMessage()));
        }
        return new Reader(path, root).read();
    }

    private static String where(String message) {
        if (message == null) {
            return "syntax error";
        }
        Matcher matcher = WHERE.matcher(message);
        return matcher.matches() ? matcher.group(1) : message.lines().findFirst().orElse("syntax error");
    }

    /** Walks the parsed document, naming each key it complains about. */
    private record Reader(Path path, Map<String, Object> root) {

        ConfigFile read() {
            for (Map.Entry<String, Object> section : root.entrySet()) {
                Set<String> known = KEYS.get(section.getKey());
                if (known == null) {
                    throw new ConfigException(label(section.getKey(), null), "unknown setting (sections are [ingest], "
                            + "[agent] and [spool])");
                }
                if (!(section.getValue() instanceof Map<?, ?> keys)) {
                    throw new ConfigException(label(section.getKey(), null), "must be a table, [" + section.getKey() + "]");
                }
                for (Object key : keys.keySet()) {
                    if (!known.contains(String.valueOf(key))) {
                        throw new ConfigException(label(section.getKey(), unquote(String.valueOf(key))), "unknown setting");
                    }
                }
            }
            return new ConfigFile(path, addresses(), pathValue("ingest", "ca_cert_file"),
                    string("agent", "org_token"), pathValue("agent", "data_dir"),
                    number("agent", "heartbeat_interval_secs"), tags(), number("spool", "max_size_mib"));
        }

        private Object value(String section, String key) {
            return root.get(section) instanceof Map<?, ?> table ? table.get(key) : null;
        }

        private Optional<List<String>> addresses() {
            Object value = value("ingest", "address");
            if (value == null) {
                return Optional.empty();
            }
            if (value instanceof String one) {
                return Optional.of(List.of(one));
            }
            if (value instanceof List<?> many && !many.isEmpty()) {
                List<String> addresses = new ArrayList<>();
                for (Object element : many) {
                    if (!(element instanceof String address)) {
                        throw new ConfigException(label("ingest", "address"), "every address must be a string");
                    }
                    addresses.add(address);
                }
                return Optional.of(List.copyOf(addresses));
            }
            throw new ConfigException(label("ingest", "address"),
                    "must be a string \"host:port\" or a non-empty array of them");
        }

        private Optional<String> string(String section, String key) {
            Object value = value(section, key);
            if (value == null) {
                return Optional.empty();
            }
            if (!(value instanceof String text) || text.isBlank()) {
                throw new ConfigException(label(section, key), "must be a non-empty string");
            }
            return Optional.of(text.strip());
        }

        private Optional<Path> pathValue(String section, String key) {
            return string(section, key).map(text -> {
                try {
                    return path.getParent().resolve(text).normalize();
                } catch (InvalidPathException e) {
                    throw new ConfigException(label(section, key), "'" + text + "' is not a valid path");
                }
            });
        }

        private Optional<Long> number(String section, String key) {
            Object value = value(section, key);
            if (value == null) {
                return Optional.empty();
            }
            if (!(value instanceof Long number)) {
                throw new ConfigException(label(section, key), "must be a whole number, not " + describe(value));
            }
            return Optional.of(number);
        }

        private Map<String, String> tags() {
            Object value = value("agent", "tags");
            if (value == null) {
                return Map.of();
            }
            if (!(value instanceof Map<?, ?> table)) {
                throw new ConfigException(label("agent", "tags"), "must be a table, [agent.tags]");
            }
            Map<String, String> tags = new LinkedHashMap<>();
            for (Map.Entry<?, ?> tag : table.entrySet()) {
                String key = unquote(String.valueOf(tag.getKey()));
                Object tagValue = tag.getValue();
                if (!(tagValue instanceof String || tagValue instanceof Number || tagValue instanceof Boolean)) {
                    throw new ConfigException(label("agent.tags", key), "must be a string, not " + describe(tagValue));
                }
                Tags.check(key, tagValue.toString(), label("agent.tags", key));
                tags.put(key, tagValue.toString());
            }
            return tags;
        }

        /** toml4j keeps the quotes of a quoted key such as {@code "rack.1" = "a"}. */
        private static String unquote(String key) {
            return key.length() >= 2 && (key.startsWith("\"") && key.endsWith("\"")
                    || key.startsWith("'") && key.endsWith("'")) ? key.substring(1, key.length() - 1) : key;
        }

        private String label(String section, String key) {
            return "[" + section + "]" + (key == null ? "" : " " + key) + " in " + path;
        }

        private static String describe(Object value) {
            if (value instanceof String) {
                return "a string";
            }
            if (value instanceof List<?>) {
                return "an array";
            }
            if (value instanceof Map<?, ?>) {
                return "a table";
            }
            return value instanceof Double ? "a fraction" : "'" + value + "'";
        }
    }
}
