package io.ctops.agent.loadtest;

import io.ctops.agent.identity.AgentKeyFile;
import io.ctops.agent.transport.ServerTrust;
import io.ctops.proto.agent.v1.PlatformInfo;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * One load test: a preflight registration that proves the token auto-approves, the ramp (agents
 * registered and connected evenly over {@code --ramp}), the hold, and the summary. Live figures go to
 * {@code out} every {@code --status-every}; the summary to {@code out} and to the JSON file.
 */
public final class LoadtestRun {

    /** Exit status when the run could not start (e.g. the preflight refused the token). */
    public static final int FAILED = 1;
    static final Duration DRAIN = Duration.ofSeconds(5);

    private final LoadtestOptions options;
    private final PrintStream out;
    private final CountDownLatch interrupted = new CountDownLatch(1);

    public LoadtestRun(LoadtestOptions options, PrintStream out) {
        this.options = requireNonNull(options, "options is null");
        this.out = requireNonNull(out, "out is null");
    }

    /** Ends the hold early (Ctrl-C); the summary is still written. */
    public void interrupt() {
        interrupted.countDown();
    }

    /** {@return the exit status: 0 when the run completed, whatever its figures} */
    public int run() throws InterruptedException, IOException {
        ServerTrust trust = ServerTrust.of(options.caCert(), List.of());
        try (Fleet fleet = new Fleet(options, trust)) {
            return run(fleet);
        }
    }

    private int run(Fleet fleet) throws InterruptedException, IOException {
        LoadStats stats = fleet.stats();
        long started = System.nanoTime();
        Instant startedAt = Instant.now();
        ManagedChannel registerChannel = fleet.registerChannel();
        List<VirtualAgent> agents = new ArrayList<>(options.agents());
        for (int i = 0; i < options.agents(); i++) {
            agents.add(new VirtualAgent(i, hostname(i), platform(i), AgentKeyFile.generate(), fleet,
                    options.runId().hashCode() * 1_000_003L + i));
        }
        Enrolment enrolment = new Enrolment(registerChannel, options.token(), options.runId(), stats);
        out.printf(Locale.ROOT, "loadtest %s: %d virtual agents -> %s, interval %s s +-%d%%, ramp %s s, hold %s, hosts %s*%n",
                options.runId(), options.agents(), options.address(), secs(options.interval()),
                Math.round(options.jitter() * 100), secs(options.ramp()),
                options.duration().isZero() ? "until interrupted" : secs(options.duration()) + " s", options.hostnamePrefix());

        // Preflight: the first agent shows whether the token auto-approves. Only the server knows a
        // token's settings and Register is the only call an agent has, so this is how to tell.
        Enrolment.Outcome first = enrolment.register(agents.get(0));
        if (first instanceof Enrolment.Outcome.Pending pending) {
            out.printf("ctops-agent loadtest: the enrolment token is not auto-approve: agent %s (%s) is waiting for "
                    + "approval. Use a token created with auto-approve; reject the pending agent %s in the UI.%n",
                    pending.agentId(), agents.get(0).hostname(), agents.get(0).hostname());
            registerChannel.shutdownNow();
            return FAILED;
        }
        if (first instanceof Enrolment.Outcome.Failed failed) {
            out.println("ctops-agent loadtest: the preflight registration failed: " + failed.reason());
            registerChannel.shutdownNow();
            return FAILED;
        }
        Enrolment.Outcome.Active active = (Enrolment.Outcome.Active) first;
        agents.get(0).start(active.agentId(), active.certificate(), active.jwt());
        MisbehavingClients misbehaving = new MisbehavingClients(fleet, this::platform);
        if (misbehaving.any()) {
            out.printf(Locale.ROOT, "misbehaving next to them: %d each of %s%n", options.misbehaving(),
                    String.join(", ", options.misbehaviours().stream().map(Misbehaviour::option).toList()));
            misbehaving.start();
        }

        AtomicInteger settled = new AtomicInteger(1);
        ExecutorService registering = Executors.newFixedThreadPool(options.registerConcurrency(), r -> {
            Thread thread = new Thread(r, "loadtest-register");
            thread.setDaemon(true);
            return thread;
        });
        long rampNanos = options.ramp().toNanos();
        for (int i = 1; i < agents.size(); i++) {
            VirtualAgent agent = agents.get(i);
            long at = rampNanos * i / agents.size();
            fleet.scheduler().schedule(() -> registering.execute(() -> enrol(enrolment, agent, settled)),
                    at, TimeUnit.NANOSECONDS);
        }

        // Ramp: until every agent was started and registered (or gave up), and the ramp time passed.
        long nextStatus = System.nanoTime() + options.statusEvery().toNanos();
        while (settled.get() < agents.size() || System.nanoTime() - started < rampNanos) {
            if (interrupted.await(Math.min(200, Math.max(1, (nextStatus - System.nanoTime()) / 1_000_000)),
                    TimeUnit.MILLISECONDS)) {
                break;
            }
            if (System.nanoTime() >= nextStatus) {
                status(fleet, misbehaving, started, "ramp");
                nextStatus += options.statusEvery().toNanos();
            }
        }
        registering.shutdownNow();
        // Hold: the figures that count start here.
        long holdStarted = System.nanoTime();
        fleet.roundTrips().restart();
        long sentAtHold = stats.sent.sum();
        long ackedAtHold = stats.acknowledged.sum();
        long failedAtHold = stats.failed.sum();
        long cpuAtHold = processCpuNanos();
        long holdEnd = options.duration().isZero() ? Long.MAX_VALUE : holdStarted + options.duration().toNanos();
        while (System.nanoTime() < holdEnd) {
            long wait = Math.max(1, Math.min(nextStatus, holdEnd) - System.nanoTime());
            if (interrupted.await(wait, TimeUnit.NANOSECONDS)) {
                break;
            }
            if (System.nanoTime() >= nextStatus) {
                status(fleet, misbehaving, started, "hold");
                nextStatus += options.statusEvery().toNanos();
            }
        }
        double holdSecs = (System.nanoTime() - holdStarted) / 1e9;
        long cpuHold = processCpuNanos() - cpuAtHold;
        long ackedHold = stats.acknowledged.sum() - ackedAtHold;
        long sentHold = stats.sent.sum() - sentAtHold;

        int activeAtEnd = stats.active.get();
        int streamsAtEnd = stats.streams.get();
        // Stop: no more heartbeats; give the answers to what was sent a moment, then close the streams.
        agents.forEach(VirtualAgent::quiesce);
        misbehaving.stop();
        if (misbehaving.any()) {
            Thread.sleep(1000); // slow readers read what the server kept for them
        }
        long drainEnd = System.nanoTime() + DRAIN.toNanos();
        while (System.nanoTime() < drainEnd && agents.stream().anyMatch(a -> a.unanswered() > 0)) {
            Thread.sleep(50);
        }
        long unanswered = agents.stream().mapToLong(VirtualAgent::unanswered).sum();
        agents.forEach(VirtualAgent::stop);
        misbehaving.close();
        RoundTrips.Summary rtt = fleet.roundTrips().total();
        long failedHold = stats.failed.sum() - failedAtHold + unanswered;

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("run_id", options.runId());
        summary.put("started_at", startedAt.toString());
        summary.put("address", options.address().toString());
        summary.put("agents", options.agents());
        summary.put("interval_s", options.interval().toMillis() / 1000.0);
        summary.put("jitter", options.jitter());
        summary.put("ramp_s", options.ramp().toMillis() / 1000.0);
        summary.put("hold_s", holdSecs);
        summary.put("registered", stats.registered.sum());
        summary.put("register_attempts", stats.registerAttempts.sum());
        summary.put("active_at_end", activeAtEnd);
        summary.put("streams_at_end", streamsAtEnd);
        summary.put("heartbeats_sent", stats.sent.sum());
        summary.put("heartbeats_acknowledged", stats.acknowledged.sum());
        summary.put("heartbeats_failed", stats.failed.sum() + unanswered);
        summary.put("heartbeats_not_sent_disconnected", stats.notSent.sum());
        summary.put("check_results_sent", stats.checkResults.sum());
        summary.put("reconnects", stats.reconnects.sum());
        summary.put("errors", stats.errors());
        Map<String, Object> hold = new LinkedHashMap<>();
        hold.put("heartbeats_sent", sentHold);
        hold.put("heartbeats_acknowledged", ackedHold);
        hold.put("heartbeats_failed", failedHold);
        hold.put("heartbeats_per_s", holdSecs > 0 ? ackedHold / holdSecs : 0.0);
        hold.put("rtt_ms", rttMap(rtt));
        hold.put("loadgen_cpu_s", cpuHold / 1e9);
        hold.put("loadgen_cpu_ms_per_heartbeat", ackedHold > 0 ? cpuHold / 1e6 / ackedHold : 0.0);
        summary.put("hold", hold);
        if (misbehaving.any()) {
            summary.put("misbehaving_per_kind", options.misbehaving());
            summary.put("misbehaving", misbehaving.summary());
        }
        summary.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "memory_mb", totalMemoryMb(), "loadgen_max_heap_mb", Runtime.getRuntime().maxMemory() >> 20));
        writeAtomically(options.json(), Json.write(summary));
        if (options.agentsFile().isPresent()) {
            StringBuilder csv = new StringBuilder("hostname,agent_id,acknowledged,failed,last_acknowledged_sent_at_ms\n");
            agents.forEach(a -> csv.append(a.csvLine()).append('\n'));
            writeAtomically(options.agentsFile().get(), csv.toString());
        }
        out.printf(Locale.ROOT, "%nloadtest %s summary (hold %.0f s, %d agents, %d cores):%n", options.runId(), holdSecs,
                options.agents(), Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "  registered %d/%d, active at end %d, reconnects %d%n", stats.registered.sum(),
                options.agents(), activeAtEnd, stats.reconnects.sum());
        out.printf(Locale.ROOT, "  heartbeats in hold: sent %d, acknowledged %d (%.1f/s), failed %d; whole run: failed %d, "
                + "not sent while disconnected %d%n", sentHold, ackedHold, holdSecs > 0 ? ackedHold / holdSecs : 0.0,
                failedHold, stats.failed.sum() + unanswered, stats.notSent.sum());
        out.printf(Locale.ROOT, "  RTT ms (hold, %d round trips): p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                rtt.count(), rtt.p50(), rtt.p90(), rtt.p99(), rtt.p999(), rtt.max());
        out.printf(Locale.ROOT, "  load generator CPU in hold: %.1f s (%.3f ms per heartbeat)%n", cpuHold / 1e9,
                ackedHold > 0 ? cpuHold / 1e6 / ackedHold : 0.0);
        out.println("  errors: " + (stats.errors().isEmpty() ? "none" : stats.errors()));
        misbehaving.tallies().forEach((kind, tally) -> out.printf(Locale.ROOT,
                "  misbehaving %s (%d): opened %d, sent %d, acknowledged %d, closed by the server %d, held back %d; "
                        + "answers %s%n", kind.option(), tally.clients.sum(), tally.opened.sum(), tally.sent.sum(),
                tally.acknowledged.sum(), tally.closedByServer.sum(), tally.heldBack.sum(), tally.answers()));
        out.println("  summary: " + options.json().toAbsolutePath());
        registerChannel.shutdownNow();
        agents.forEach(a -> {
            if (a.channel() != null) {
                a.channel().shutdownNow();
            }
        });
        return 0;
    }

    private void enrol(Enrolment enrolment, VirtualAgent agent, AtomicInteger settled) {
        try {
            Enrolment.Outcome outcome = enrolment.register(agent);
            if (outcome instanceof Enrolment.Outcome.Active active) {
                agent.start(active.agentId(), active.certificate(), active.jwt());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // e.g. TLS set-up: counted, the run goes on with the others
            agent.fleetError("start: " + e.getClass().getSimpleName());
        } finally {
            settled.incrementAndGet();
        }
    }

    private void status(Fleet fleet, MisbehavingClients misbehaving, long started, String phase) throws IOException {
        LoadStats stats = fleet.stats();
        RoundTrips.Summary recent = fleet.roundTrips().interval();
        long elapsed = (System.nanoTime() - started) / 1_000_000_000L;
        out.printf(Locale.ROOT, "[%5ds %s] registered %d/%d  active %d  streams %d  heartbeats sent %d acked %d failed %d"
                        + "  rtt p95 %.1f ms  errors %d%s%n", elapsed, phase, stats.registered.sum(), options.agents(),
                stats.active.get(), stats.streams.get(), stats.sent.sum(), stats.acknowledged.sum(), stats.failed.sum(),
                recent.p95(), stats.errorCount(), misbehaving.any() ? "  | bad: " + misbehaving.live() : "");
        out.flush();
        if (options.statusFile().isPresent()) {
            Map<String, Object> live = new LinkedHashMap<>();
            live.put("run_id", options.runId());
            live.put("phase", phase);
            live.put("elapsed_s", elapsed);
            live.put("time_ms", System.currentTimeMillis());
            live.put("agents", options.agents());
            live.put("registered", stats.registered.sum());
            live.put("active", stats.active.get());
            live.put("streams", stats.streams.get());
            live.put("heartbeats_sent", stats.sent.sum());
            live.put("heartbeats_acknowledged", stats.acknowledged.sum());
            live.put("heartbeats_failed", stats.failed.sum());
            live.put("reconnects", stats.reconnects.sum());
            live.put("rtt_p95_ms", recent.p95());
            live.put("errors", stats.errorCount());
            if (misbehaving.any()) {
                live.put("misbehaving", misbehaving.summary());
            }
            writeAtomically(options.statusFile().get(), Json.write(live));
        }
    }

    private static Map<String, Object> rttMap(RoundTrips.Summary rtt) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("count", rtt.count());
        map.put("p50", rtt.p50());
        map.put("p90", rtt.p90());
        map.put("p99", rtt.p99());
        map.put("p99_9", rtt.p999());
        map.put("max", rtt.max());
        return map;
    }

    /** {@code lt-<run id>-00042} */
    String hostname(int index) {
        return options.hostnamePrefix() + String.format(Locale.ROOT, "%05d", index);
    }

    /** A platform with a made-up address unique within the run, so the duplicate-host check keeps hosts apart. */
    PlatformInfo platform(int index) {
        return platform(hostname(index), index);
    }

    /** The same with another hostname (the bad clients', numbered after the agents). */
    PlatformInfo platform(String hostname, int index) {
        int net = 16 + Math.floorMod(options.runId().hashCode(), 200);
        return PlatformInfo.newBuilder().setHostname(hostname).setOs("linux").setOsVersion("Debian 12")
                .setArch("amd64").setKernel("6.1.0-loadtest")
                .addIpAddresses("10." + net + "." + (index / 250) + "." + (index % 250 + 1)).build();
    }

    /**
     * CPU time of this process from {@code /proc/self/stat} (utime + stime), so it works on the agent's
     * jlink runtime, which has no {@code jdk.management}; 0 where there is no /proc.
     */
    static long processCpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long totalMemoryMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) >> 10;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return 0;
    }

    private static String secs(Duration duration) {
        double s = duration.toMillis() / 1000.0;
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }

    static void writeAtomically(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = parent.resolve(file.getFileName() + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
