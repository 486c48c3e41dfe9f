package io.ctops.agent.install;

import io.ctops.agent.cli.Arguments;
import io.ctops.agent.cli.UsageException;
import io.ctops.agent.config.AgentConfigLoader;
import io.ctops.agent.config.CaCertificateFile;
import io.ctops.agent.config.ConfigException;
import io.ctops.agent.config.IngestAddress;
import io.ctops.agent.config.Tags;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What {@code install} was asked for, checked with the configuration loader's own rules before
 * anything on the system changes.
 *
 * @param token the enrolment token ({@code --token}, else {@code CT_OPS_ORG_TOKEN})
 * @param addresses the ingest addresses, in order
 * @param tags the host tags
 * @param caCert the CA file to copy beside the configuration, if given
 * @param agentHome the unpacked agent tarball the service runs from
 * @param layout where the files go
 */
public record InstallRequest(String token, List<IngestAddress> addresses, Map<String, String> tags,
        Optional<Path> caCert, Path agentHome, InstallLayout layout) {

    /** Set by bin/ctops-agent to the tarball's directory. */
    public static final String AGENT_HOME_ENV = "CT_OPS_AGENT_HOME";
    static final String LAUNCHER = "bin/ctops-agent";

    public InstallRequest {
        requireNonNull(token, "token is null");
        addresses = List.copyOf(addresses);
        tags = Map.copyOf(tags);
        requireNonNull(caCert, "caCert is null");
        requireNonNull(agentHome, "agentHome is null");
        requireNonNull(layout, "layout is null");
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "InstallRequest[addresses=" + addresses + ", tags=" + tags + ", caCert=" + caCert + ", agentHome="
                + agentHome + ", layout=" + layout + "]";
    }

    /**
     * Checks the command line.
     *
     * @throws UsageException for a missing option
     * @throws ConfigException naming the option whose value is wrong
     */
    public static InstallRequest from(Arguments arguments, Map<String, String> env) {
        String token = arguments.option(Arguments.TOKEN)
                .or(() -> Optional.ofNullable(env.get(AgentConfigLoader.ORG_TOKEN_ENV)).filter(t -> !t.isBlank()))
                .map(String::strip)
                .orElseThrow(() -> new UsageException("install needs --token TOKEN (or " + AgentConfigLoader.ORG_TOKEN_ENV
                        + "): the enrolment token from the server"));
        if (token.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new ConfigException("--token", "contains control characters");
        }
        List<String> addressTexts = arguments.all(Arguments.ADDRESS);
        if (addressTexts.isEmpty()) {
            throw new UsageException("install needs --address HOST:PORT (repeat it for fail-over addresses)");
        }
        List<IngestAddress> addresses = new ArrayList<>();
        for (String text : addressTexts) {
            IngestAddress address = IngestAddress.parse(text, "--address");
            if (!addresses.contains(address)) {
                addresses.add(address);
            }
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (String text : arguments.all(Arguments.TAG)) {
            Map.Entry<String, String> tag = Tags.parseArgument(text, "--tag");
            tags.put(tag.getKey(), tag.getValue());
        }
        tags = Tags.merge(Map.of(), tags, "--tag");
        Optional<Path> caCert = arguments.option(Arguments.CA_CERT).map(value -> path(value, "--ca-cert"));
        caCert.ifPresent(file -> CaCertificateFile.check(file, "--ca-cert"));
        InstallLayout layout = new InstallLayout(arguments.option(Arguments.ROOT).map(value -> path(value, "--root"))
                .orElse(Path.of("/")));
        if (!Files.isDirectory(layout.root())) {
            throw new ConfigException("--root", layout.root() + " is not a directory");
        }
        return new InstallRequest(token, addresses, tags, caCert, agentHome(env), layout);
    }

    /** The service runs the launcher of the tarball install was started from. */
    static Path agentHome(Map<String, String> env) {
        String home = env.get(AGENT_HOME_ENV);
        if (home == null || home.isBlank()) {
            throw new UsageException("install runs from an unpacked agent tarball: start it as bin/ctops-agent install"
                    + " (" + AGENT_HOME_ENV + " is not set)");
        }
        Path dir = path(home, AGENT_HOME_ENV);
        if (!Files.isExecutable(dir.resolve(LAUNCHER))) {
            throw new ConfigException(AGENT_HOME_ENV, dir.resolve(LAUNCHER) + " is not an executable file");
        }
        return dir;
    }

    private static Path path(String value, String setting) {
        try {
            return Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new ConfigException(setting, "'" + value + "' is not a valid path");
        }
    }
}
