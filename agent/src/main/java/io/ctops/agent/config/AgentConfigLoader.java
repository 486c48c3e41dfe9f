package io.ctops.agent.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Merges the TOML file, the environment and the command line into one {@link AgentConfig}. For each
 * setting the command line wins over the environment, which wins over the file:
 *
 * <table>
 * <caption>Sources of each setting</caption>
 * <tr><th>setting</th><th>option</th><th>environment</th><th>file</th><th>default</th></tr>
 * <tr><td>ingest addresses</td><td></td><td>CT_OPS_INGEST_ADDRESS (comma-separated)</td>
 *     <td>[ingest] address</td><td>(required)</td></tr>
 * <tr><td>CA certificate</td><td></td><td>CT_OPS_INGEST_CA_CERT</td><td>[ingest] ca_cert_file</td>
 *     <td>JVM trust store</td></tr>
 * <tr><td>enrolment token</td><td></td><td>CT_OPS_ORG_TOKEN</td><td>[agent] org_token</td><td></td></tr>
 * <tr><td>data directory</td><td>--data-dir</td><td>CT_OPS_DATA_DIR</td><td>[agent] data_dir</td>
 *     <td>CT_OPS_AGENT_DATA_DIR (set by bin/ctops-agent), else ./data</td></tr>
 * <tr><td>interval</td><td></td><td></td><td>[agent] heartbeat_interval_secs</td><td>30</td></tr>
 * <tr><td>tags</td><td>--tag key=value</td><td></td><td>[agent.tags]</td><td></td></tr>
 * <tr><td>spool bound</td><td></td><td></td><td>[spool] max_size_mib</td><td>64</td></tr>
 * </table>
 *
 * The plugins directory and host root keep the rules of {@code collect}: option, then
 * {@code CT_OPS_AGENT_PLUGINS_DIR} / {@code CT_OPS_HOST_ROOT}, then {@code ./plugins} / {@code /}.
 */
public final class AgentConfigLoader {

    public static final String ADDRESS_ENV = "CT_OPS_INGEST_ADDRESS";
    public static final String CA_CERT_ENV = "CT_OPS_INGEST_CA_CERT";
    public static final String ORG_TOKEN_ENV = "CT_OPS_ORG_TOKEN";
    public static final String DATA_DIR_ENV = "CT_OPS_DATA_DIR";
    /** The launcher's default data directory: below an explicit one, also from the file. */
    public static final String LAUNCHER_DATA_DIR_ENV = "CT_OPS_AGENT_DATA_DIR";
    public static final String PLUGINS_DIR_ENV = "CT_OPS_AGENT_PLUGINS_DIR";
    public static final String HOST_ROOT_ENV = "CT_OPS_HOST_ROOT";
    static final long MAX_SPOOL_MIB = 65_536;

    private final Map<String, String> env;

    /** @param env the environment */
    public AgentConfigLoader(Map<String, String> env) {
        this.env = Map.copyOf(requireNonNull(env, "env is null"));
    }

    /**
     * @param inputs what the command line says
     * @return the merged, checked configuration
     * @throws ConfigException naming the first setting that is wrong
     */
    public AgentConfig load(ConfigInputs inputs) {
        requireNonNull(inputs, "inputs is null");
        ConfigFile file = inputs.configFile().map(ConfigFile::read).orElseGet(ConfigFile::none);
        String fileLabel = inputs.configFile().isPresent() ? " in " + file.file() : "";

        List<IngestAddress> addresses = addresses(file, fileLabel);
        Optional<Path> caCert = caCert(file, fileLabel);
        Optional<String> token = env(ORG_TOKEN_ENV).or(file::orgToken);

        Path dataDir = inputs.dataDir().map(value -> path(value, "--data-dir"))
                .or(() -> env(DATA_DIR_ENV).map(value -> path(value, DATA_DIR_ENV)))
                .or(file::dataDir)
                .or(() -> env(LAUNCHER_DATA_DIR_ENV).map(value -> path(value, LAUNCHER_DATA_DIR_ENV)))
                .orElseGet(() -> path("data", "data directory"));
        String dataDirSetting = "data directory " + dataDir;
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw new ConfigException(dataDirSetting, "exists and is not a directory");
        }
        Path pluginsDir = inputs.pluginsDir().map(value -> path(value, "--plugins-dir"))
                .or(() -> env(PLUGINS_DIR_ENV).map(value -> path(value, PLUGINS_DIR_ENV)))
                .orElseGet(() -> path("plugins", "plugins directory"));
        Path hostRoot = inputs.hostRoot().map(value -> path(value, "--host-root"))
                .or(() -> env(HOST_ROOT_ENV).map(value -> path(value, HOST_ROOT_ENV)))
                .orElseGet(() -> path("/", "host root"));

        long interval = file.heartbeatIntervalSecs().orElse((long) AgentConfig.DEFAULT_INTERVAL_SECS);
        if (interval < 1 || interval > AgentConfig.MAX_INTERVAL_SECS) {
            throw new ConfigException("[agent] heartbeat_interval_secs" + fileLabel,
                    "must be a whole number from 1 to " + AgentConfig.MAX_INTERVAL_SECS + ", not " + interval);
        }
        long spoolMib = file.spoolMaxSizeMib().orElse(AgentConfig.DEFAULT_SPOOL_MIB);
        if (spoolMib < 1 || spoolMib > MAX_SPOOL_MIB) {
            throw new ConfigException("[spool] max_size_mib" + fileLabel,
                    "must be a whole number from 1 to " + MAX_SPOOL_MIB + ", not " + spoolMib);
        }
        return new AgentConfig(addresses, caCert, token, dataDir, pluginsDir, hostRoot, Duration.ofSeconds(interval),
                tags(file, fileLabel, inputs.tags()), spoolMib * 1024 * 1024);
    }

    private List<IngestAddress> addresses(ConfigFile file, String fileLabel) {
        Optional<String> fromEnv = env(ADDRESS_ENV);
        List<String> texts;
        String setting;
        if (fromEnv.isPresent()) {
            texts = List.of(fromEnv.get().split(",", -1));
            setting = ADDRESS_ENV;
        } else if (file.addresses().isPresent()) {
            texts = file.addresses().get();
            setting = "[ingest] address" + fileLabel;
        } else {
            throw new ConfigException("[ingest] address", "is not set: give the ingest server as host:port in the"
                    + " configuration file or in " + ADDRESS_ENV);
        }
        List<IngestAddress> addresses = new ArrayList<>();
        for (String text : texts) {
            IngestAddress address = IngestAddress.parse(text, setting);
            if (!addresses.contains(address)) {
                addresses.add(address);
            }
        }
        return addresses;
    }

    private Optional<Path> caCert(ConfigFile file, String fileLabel) {
        Optional<String> fromEnv = env(CA_CERT_ENV);
        Optional<Path> path = fromEnv.map(value -> path(value, CA_CERT_ENV)).or(file::caCertFile);
        path.ifPresent(p -> CaCertificateFile.check(p, fromEnv.isPresent() ? CA_CERT_ENV : "[ingest] ca_cert_file" + fileLabel));
        return path;
    }

    private static Map<String, String> tags(ConfigFile file, String fileLabel, List<String> options) {
        Map<String, String> fromCommandLine = new LinkedHashMap<>();
        for (String option : options) {
            Map.Entry<String, String> tag = Tags.parseArgument(option, "--tag");
            fromCommandLine.put(tag.getKey(), tag.getValue());
        }
        return Tags.merge(file.tags(), fromCommandLine, "[agent.tags]" + fileLabel + " and --tag");
    }

    private Optional<String> env(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static Path path(String value, String setting) {
        try {
            return Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new ConfigException(setting, "'" + value + "' is not a valid path");
        }
    }
}
