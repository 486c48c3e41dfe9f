package io.ctops.agent.loadtest;

import io.ctops.agent.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * {@code ctops-agent loadtest [options]} runs virtual agents against an ingest server;
 * {@code ctops-agent loadtest cleanup --api-url URL --api-key KEY --run-id ID} deletes a run's hosts.
 */
public final class LoadtestCommand {

    public static final String USAGE = """
            Usage: ctops-agent loadtest --address HOST:PORT --token TOKEN [options]
                   ctops-agent loadtest cleanup --api-url URL --api-key KEY --run-id ID

            Runs N virtual agents against ingest: each has its own key pair (in memory), registers through
            Register with the (auto-approve) token, opens its own mutual-TLS heartbeat stream and sends a
            heartbeat every interval with random-walk vitals; pushed checks are answered. Their hosts are
            named lt-<run id>-<n>. A line of live figures every --status-every, a summary at the end (also JSON).

            Options:
              --address HOST:PORT        ingest (required)
              --token TOKEN              an auto-approve enrolment token (else $CT_OPS_ORG_TOKEN); the run
                                         stops at once when the first agent comes back pending
              --ca-cert FILE             CA of the ingest certificate (default: the JVM's trust store)
              --agents N                 virtual agents (default 100)
              --interval SECS            heartbeat interval (default 10)
              --jitter F                 each gap varies by up to F x interval either way (default 0.1)
              --ramp SECS                start the agents evenly over this time (default 60)
              --duration SECS            hold this long after the ramp; 0 = until Ctrl-C (default 300)
              --run-id ID                names the hosts (default: random)
              --register-concurrency N   Register calls at once (default 8)
              --fan-out N                connections per network thread (default 5000)
              --source-address IP        bind connections to these local addresses, round robin;
                                         repeat it (past ~28,000 connections to one server address)
              --ack-timeout SECS         unanswered this long = failed, stream reopened (default 30)
              --json FILE                the summary (default loadtest-<run id>.json)
              --status-file FILE         the live figures as JSON, rewritten with each live line
              --agents-file FILE         per agent: hostname, agent id, acknowledged, failed, last send time
              --status-every SECS        live line period (default 5)
              --misbehave KINDS          also run bad clients, comma list or repeated: fast (live heartbeats
                                         every 5 ms), oversized (each stream one heartbeat beyond a limit: too
                                         many disks or check results, a long check output, 3 MiB, 6 MiB; and
                                         a Register with 1000 tags), slow-reader (never reads its answers, 1 KiB
                                         window), silent-tls (TCP only, a stalled TLS handshake, TLS then
                                         nothing); each reconnects after the server ends it. Reported apart:
                                         live line, summary, JSON "misbehaving" (the server's answers, counted)
              --misbehaving N            bad clients of each kind (silent-tls: connections of each variant;
                                         default 10)
            Durations take s, m or h (90, 90s, 10m).

            Cleanup options:
              --api-url URL              the server's HTTP address, e.g. http://localhost:8080 (required)
              --api-key KEY              an API key that may delete hosts (else $CT_OPS_API_KEY)
              --run-id ID                the run whose hosts are deleted (required)
            """;

    private final PrintStream out;

    public LoadtestCommand(PrintStream out) {
        this.out = requireNonNull(out, "out is null");
    }

    /**
     * @param args the arguments after {@code loadtest}
     * @return the exit status
     * @throws UsageException for a bad command line
     */
    public int run(List<String> args, Map<String, String> env) throws IOException, InterruptedException {
        if (!args.isEmpty() && (args.get(0).equals("help") || args.get(0).equals("--help"))) {
            out.print(USAGE);
            return 0;
        }
        if (!args.isEmpty() && args.get(0).equals("cleanup")) {
            Map<String, List<String>> values = LoadtestOptions.values(args.subList(1, args.size()),
                    Set.of("--api-url", "--api-key", "--run-id"));
            String url = LoadtestOptions.one(values, "--api-url").orElseThrow(() -> new UsageException("--api-url is required"));
            String key = LoadtestOptions.one(values, "--api-key").or(() -> java.util.Optional.ofNullable(env.get("CT_OPS_API_KEY")))
                    .orElseThrow(() -> new UsageException("--api-key (or CT_OPS_API_KEY) is required"));
            String runId = LoadtestOptions.one(values, "--run-id").orElseThrow(() -> new UsageException("--run-id is required"));
            if (!runId.matches("[a-z0-9]{1,16}")) {
                throw new UsageException("--run-id must be 1-16 lower-case letters or digits");
            }
            try {
                new HostCleanup(url, key, runId, out).run();
                return 0;
            } catch (IOException e) {
                out.println("ctops-agent loadtest cleanup: " + e.getMessage());
                return LoadtestRun.FAILED;
            }
        }
        LoadtestRun run = new LoadtestRun(LoadtestOptions.parse(args, env), out);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        // Ctrl-C ends the hold; the JVM waits for the summary before it exits
        Thread hook = new Thread(() -> {
            run.interrupt();
            try {
                done.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "loadtest-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run.run();
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for us
            }
        }
    }
}
