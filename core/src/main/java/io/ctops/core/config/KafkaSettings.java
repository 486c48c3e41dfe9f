package io.ctops.core.config;

import io.ctops.sdk.queue.spi.QueueSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the {@code CT_OPS_KAFKA_*} variables into {@link QueueSettings}, checking each without
 * touching the network, so a typo stops start-up with the variable's name instead of a timeout later.
 */
final class KafkaSettings {

    static final int DEFAULT_PARTITIONS = 6;
    static final int DEFAULT_REPLICATION_FACTOR = 1;
    static final String DEFAULT_CLIENT_ID = "ctops";
    static final int DEFAULT_PUBLISH_TIMEOUT_SECS = 10;
    // what Kafka accepts in topic, group and client names
    private static final Pattern NAME_CHARACTERS = Pattern.compile("[A-Za-z0-9._-]*");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+]");

    private KafkaSettings() {
    }

    static QueueSettings fromEnvironment(Map<String, String> env) {
        String bootstrap = value(env, "CT_OPS_KAFKA_BOOTSTRAP");
        if (bootstrap == null) {
            throw new ConfigException("CT_OPS_KAFKA_BOOTSTRAP", "is required with CT_OPS_QUEUE=kafka"
                    + " (the brokers to reach first, e.g. kafka-1:9092,kafka-2:9092)");
        }
        String prefix = env.getOrDefault("CT_OPS_KAFKA_TOPIC_PREFIX", "").trim();
        name("CT_OPS_KAFKA_TOPIC_PREFIX", prefix, 100);
        String clientId = value(env, "CT_OPS_KAFKA_CLIENT_ID");
        clientId = clientId == null ? DEFAULT_CLIENT_ID : name("CT_OPS_KAFKA_CLIENT_ID", clientId, 100);
        return new QueueSettings(servers(bootstrap),
                number(env, "CT_OPS_KAFKA_PARTITIONS", DEFAULT_PARTITIONS, 1, 10_000),
                number(env, "CT_OPS_KAFKA_REPLICATION_FACTOR", DEFAULT_REPLICATION_FACTOR, 1, Short.MAX_VALUE),
                prefix, clientId,
                Duration.ofSeconds(number(env, "CT_OPS_KAFKA_PUBLISH_TIMEOUT", DEFAULT_PUBLISH_TIMEOUT_SECS, 1, 300)));
    }

    private static List<String> servers(String bootstrap) {
        List<String> servers = new ArrayList<>();
        for (String part : bootstrap.split(",")) {
            String server = part.trim();
            int colon = server.lastIndexOf(':');
            boolean valid = colon > 0 && HOST.matcher(server.substring(0, colon)).matches();
            if (valid) {
                try {
                    int port = Integer.parseInt(server.substring(colon + 1));
                    valid = port >= 1 && port <= 65535;
                } catch (NumberFormatException e) {
                    valid = false;
                }
            }
            if (!valid) {
                throw new ConfigException("CT_OPS_KAFKA_BOOTSTRAP", "'" + server + "' is not host:port"
                        + " (a comma-separated list, e.g. kafka-1:9092,kafka-2:9092)");
            }
            servers.add(server);
        }
        return servers;
    }

    private static String name(String variable, String value, int maxLength) {
        if (!NAME_CHARACTERS.matcher(value).matches() || value.length() > maxLength) {
            throw new ConfigException(variable, "'" + value + "' may hold only letters, digits, '.', '_' and '-'"
                    + " (at most " + maxLength + " characters)");
        }
        return value;
    }

    private static int number(Map<String, String> env, String variable, int defaultValue, int min, int max) {
        String value = value(env, variable);
        if (value == null) {
            return defaultValue;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(variable, "'" + value + "' is not a whole number from " + min + " to " + max);
    }

    private static String value(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
