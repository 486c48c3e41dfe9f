package io.ctops.agent.loadtest;

import io.ctops.agent.cli.UsageException;
import io.ctops.agent.config.IngestAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static java.util.Objects.requireNonNull;

/**
 * What {@code ctops-agent loadtest} does: how many virtual agents, where, how often, for how long.
 *
 * @param address the ingest address
 * @param token an auto-approve enrolment token
 * @param caCert the CA of the ingest server's certificate (empty: the JVM's trust store)
 * @param agents how many virtual agents
 * @param interval the heartbeat interval
 * @param jitter each gap between heartbeats varies by up to this fraction of the interval
 * @param ramp over how long the agents are started (evenly spread)
 * @param duration how long to hold once every agent was started (zero: until interrupted)
 * @param runId names the run's hosts {@code lt-<run id>-<n>}
 * @param registerConcurrency Register calls in flight at once
 * @param channelsPerLoop virtual agents whose connections share one network thread (the fan-out)
 * @param sourceAddresses local addresses connections are spread over (past ~28,000 connections to one
 *                        address the ephemeral ports of one source address run out)
 * @param json where the final summary goes
 * @param statusFile rewritten with the live figures at every live line (for scripts), if set
 * @param agentsFile per-agent figures (hostname, acknowledged, failed, last acknowledged send time), if set
 * @param statusEvery how often the live line is printed
 * @param ackTimeout a heartbeat unanswered for longer counts as failed and the stream is reopened
 * @param misbehaviours the kinds of bad client to run next to the agents (none: a clean run)
 * @param misbehaving how many bad clients of each kind (silent-tls: connections of each of its variants)
 */
public record LoadtestOptions(IngestAddress address, String token, Optional<Path> caCert, int agents, Duration interval,
        double jitter, Duration ramp, Duration duration, String runId, int registerConcurrency, int channelsPerLoop,
        List<String> sourceAddresses, Path json, Optional<Path> statusFile, Optional<Path> agentsFile,
        Duration statusEvery, Duration ackTimeout, List<Misbehaviour> misbehaviours, int misbehaving) {

    static final int DEFAULT_MISBEHAVING = 10;
    private static final Set<String> VALUE_OPTIONS = Set.of("--address", "--token", "--ca-cert", "--agents",
            "--interval", "--jitter", "--ramp", "--duration", "--run-id", "--register-concurrency", "--fan-out",
            "--source-address", "--json", "--status-file", "--agents-file", "--status-every", "--ack-timeout",
            "--misbehave", "--misbehaving");
    private static final Set<String> REPEATABLE = Set.of("--source-address", "--misbehave");

    public LoadtestOptions {
        requireNonNull(address, "address is null");
        requireNonNull(token, "token is null");
        sourceAddresses = List.copyOf(sourceAddresses);
        if (agents < 1) {
            throw new UsageException("--agents must be at least 1");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new UsageException("--interval must be positive");
        }
        if (jitter < 0 || jitter >= 1) {
            throw new UsageException("--jitter must be from 0 to below 1");
        }
        if (!runId.matches("[a-z0-9]{1,16}")) {
            throw new UsageException("--run-id must be 1-16 lower-case letters or digits");
        }
        if (registerConcurrency < 1 || channelsPerLoop < 1) {
            throw new UsageException("--register-concurrency and --fan-out must be at least 1");
        }
        misbehaviours = List.copyOf(misbehaviours);
        if (misbehaving < 0 || misbehaving > 10_000) {
            throw new UsageException("--misbehaving must be from 0 to 10000");
        }
    }

    /** The options of a clean run (no bad clients). */
    public LoadtestOptions(IngestAddress address, String token, Optional<Path> caCert, int agents, Duration interval,
            double jitter, Duration ramp, Duration duration, String runId, int registerConcurrency, int channelsPerLoop,
            List<String> sourceAddresses, Path json, Optional<Path> statusFile, Optional<Path> agentsFile,
            Duration statusEvery, Duration ackTimeout) {
        this(address, token, caCert, agents, interval, jitter, ramp, duration, runId, registerConcurrency, channelsPerLoop,
                sourceAddresses, json, statusFile, agentsFile, statusEvery, ackTimeout, List.of(), 0);
    }

    /**
     * A copy that adds bad clients.
     *
     * @param kinds {@code fast}, {@code oversized}, {@code slow-reader}, {@code silent-tls}
     * @param perKind how many of each kind
     */
    public LoadtestOptions withMisbehaving(List<String> kinds, int perKind) {
        return new LoadtestOptions(address, token, caCert, agents, interval, jitter, ramp, duration, runId,
                registerConcurrency, channelsPerLoop, sourceAddresses, json, statusFile, agentsFile, statusEvery, ackTimeout,
                Misbehaviour.parse(kinds), perKind);
    }

    /** {@return the hostname prefix of this run's hosts} */
    public String hostnamePrefix() {
        return "lt-" + runId + "-";
    }

    /**
     * Parses the options after {@code loadtest}.
     *
     * @throws UsageException naming what is wrong
     */
    public static LoadtestOptions parse(List<String> args, Map<String, String> env) {
        Map<String, List<String>> values = values(args, VALUE_OPTIONS);
        String runId = one(values, "--run-id").orElseGet(() -> Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36 * 36), 36));
        return new LoadtestOptions(
                IngestAddress.parse(one(values, "--address").orElseThrow(() -> new UsageException("--address is required")),
                        "--address"),
                one(values, "--token").or(() -> Optional.ofNullable(env.get("CT_OPS_ORG_TOKEN")))
                        .orElseThrow(() -> new UsageException("--token (or CT_OPS_ORG_TOKEN) is required: an auto-approve enrolment token")),
                one(values, "--ca-cert").map(Path::of),
                integer(values, "--agents", 100),
                seconds(values, "--interval", Duration.ofSeconds(10)),
                number(values, "--jitter", 0.1),
                seconds(values, "--ramp", Duration.ofSeconds(60)),
                seconds(values, "--duration", Duration.ofSeconds(300)),
                runId,
                integer(values, "--register-concurrency", 8),
                integer(values, "--fan-out", 5000),
                values.getOrDefault("--source-address", List.of()),
                one(values, "--json").map(Path::of).orElse(Path.of("loadtest-" + runId + ".json")),
                one(values, "--status-file").map(Path::of),
                one(values, "--agents-file").map(Path::of),
                seconds(values, "--status-every", Duration.ofSeconds(5)),
                seconds(values, "--ack-timeout", Duration.ofSeconds(30)),
                Misbehaviour.parse(values.getOrDefault("--misbehave", List.of())),
                misbehaving(values));
    }

    private static int misbehaving(Map<String, List<String>> values) {
        if (!values.containsKey("--misbehave")) {
            if (values.containsKey("--misbehaving")) {
                throw new UsageException("--misbehaving needs --misbehave (which kinds)");
            }
            return 0;
        }
        return integer(values, "--misbehaving", DEFAULT_MISBEHAVING);
    }

    /** {@code --name value} or {@code --name=value}; only {@code --source-address} and {@code --misbehave} may repeat. */
    static Map<String, List<String>> values(List<String> args, Set<String> accepted) {
        Map<String, List<String>> values = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            if (!accepted.contains(name)) {
                throw new UsageException("unknown option '" + name + "' for loadtest");
            }
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException("option " + name + " needs a value");
            }
            if (value.isBlank()) {
                throw new UsageException("option " + name + " needs a value");
            }
            List<String> list = values.computeIfAbsent(name, n -> new ArrayList<>());
            if (!list.isEmpty() && !REPEATABLE.contains(name)) {
                throw new UsageException("option " + name + " given twice");
            }
            list.add(value);
        }
        return values;
    }

    static Optional<String> one(Map<String, List<String>> values, String name) {
        List<String> list = values.get(name);
        return list == null ? Optional.empty() : Optional.of(list.get(0));
    }

    private static int integer(Map<String, List<String>> values, String name, int fallback) {
        return (int) number(values, name, fallback);
    }

    private static double number(Map<String, List<String>> values, String name, double fallback) {
        Optional<String> value = one(values, name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.get().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(name + ": '" + value.get() + "' is not a number");
        }
    }

    /** Seconds, or a number with the unit s, m or h ({@code 90}, {@code 90s}, {@code 10m}). */
    private static Duration seconds(Map<String, List<String>> values, String name, Duration fallback) {
        Optional<String> value = one(values, name);
        if (value.isEmpty()) {
            return fallback;
        }
        String text = value.get().strip().toLowerCase(Locale.ROOT);
        long unit = 1000;
        if (text.endsWith("ms")) {
            unit = 1;
            text = text.substring(0, text.length() - 2);
        } else if (text.endsWith("s")) {
            text = text.substring(0, text.length() - 1);
        } else if (text.endsWith("m")) {
            unit = 60_000;
            text = text.substring(0, text.length() - 1);
        } else if (text.endsWith("h")) {
            unit = 3_600_000;
            text = text.substring(0, text.length() - 1);
        }
        try {
            double amount = Double.parseDouble(text);
            if (amount < 0) {
                throw new UsageException(name + " must not be negative");
            }
            return Duration.ofMillis(Math.round(amount * unit));
        } catch (NumberFormatException e) {
            throw new UsageException(name + ": '" + value.get() + "' is not a duration (e.g. 30, 30s, 10m)");
        }
    }
}
