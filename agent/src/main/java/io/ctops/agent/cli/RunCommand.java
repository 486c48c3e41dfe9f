package io.ctops.agent.cli;

import io.ctops.agent.AgentVersion;
import io.ctops.agent.collect.CollectorRunner;
import io.ctops.agent.config.AgentConfig;
import io.ctops.agent.heartbeat.CachedPlatform;
import io.ctops.agent.checks.CheckExecutors;
import io.ctops.agent.checks.CheckResultQueue;
import io.ctops.agent.checks.CheckScheduler;
import io.ctops.agent.checks.PushedChecks;
import io.ctops.agent.checks.PushedChecksFile;
import io.ctops.agent.heartbeat.HeartbeatFactory;
import io.ctops.agent.heartbeat.HeartbeatLoop;
import io.ctops.agent.heartbeat.HeartbeatOutbox;
import io.ctops.agent.heartbeat.HeartbeatSpool;
import io.ctops.agent.heartbeat.HeartbeatTicker;
import io.ctops.agent.host.AgentPluginHost;
import io.ctops.agent.identity.AgentIdentity;
import io.ctops.agent.identity.AgentKeyFile;
import io.ctops.agent.identity.CorruptKeyException;
import io.ctops.agent.identity.CredentialRefresher;
import io.ctops.agent.identity.CredentialStore;
import io.ctops.agent.identity.PlatformProbe;
import io.ctops.agent.identity.Registrar;
import io.ctops.agent.identity.RegistrationRefusedException;
import io.ctops.agent.spool.Spool;
import io.ctops.agent.transport.AddressRotation;
import io.ctops.agent.transport.Backoff;
import io.ctops.agent.transport.IngestChannels;
import io.ctops.agent.transport.ServerTrust;
import io.ctops.agent.transport.Sleeper;
import io.ctops.sdk.agent.CheckExecutor;
import io.ctops.sdk.agent.Collector;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * {@code run}: the agent service. Takes its key (generating one on first start), registers unless
 * it has valid credentials, then sends a heartbeat every interval over one long-lived stream,
 * spooling them on disk while ingest cannot be reached. Runs until the JVM is asked to stop.
 */
public final class RunCommand {

    /** Exit status when the agent cannot go on: refused registration, unusable key, unwritable data. */
    public static final int FAILED = 1;
    static final Duration PLATFORM_MAX_AGE = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    private final PrintStream err;
    private final Clock clock;
    private final Runtime runtime;

    public RunCommand(PrintStream err, Clock clock, Runtime runtime) {
        this.err = requireNonNull(err, "err is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.runtime = requireNonNull(runtime, "runtime is null");
    }

    /**
     * @param config the checked configuration
     * @param version the agent's version
     * @return the exit status: 0 after a requested stop, {@link #FAILED} otherwise
     */
    public int run(AgentConfig config, AgentVersion version) {
        log.info("CT-Ops agent {} starting: ingest {}, data in {}, heartbeat every {} s", version.agent(),
                config.ingestAddresses(), config.dataDir(), config.heartbeatInterval().toSeconds());
        try (DataDirectory dataDir = DataDirectory.lock(config.dataDir())) {
            KeyPair keys = new AgentKeyFile(dataDir.path()).loadOrCreate();
            return runWith(config, version, keys);
        } catch (CorruptKeyException e) {
            return fail(e.getMessage());
        } catch (RegistrationRefusedException e) {
            return fail(e.getMessage());
        } catch (IOException e) {
            return fail("data directory " + config.dataDir() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private int runWith(AgentConfig config, AgentVersion version, KeyPair keys)
            throws IOException, RegistrationRefusedException, InterruptedException {
        CredentialStore store = new CredentialStore(config.dataDir());
        PlatformProbe probe = new PlatformProbe(config.hostRoot());
        CachedPlatform platform = new CachedPlatform(probe::probe, clock, PLATFORM_MAX_AGE);
        AddressRotation addresses = new AddressRotation(config.ingestAddresses());
        Backoff backoff = Backoff.standard(() -> ThreadLocalRandom.current().nextDouble());
        TrustHolder trust = new TrustHolder(config);
        IngestChannels channels = new IngestChannels(trust, "ctops-agent/" + version.agent());
        Registrar registrar = new Registrar(channels, addresses, backoff, Sleeper.THREAD, clock, platform,
                version.agent(), config.tags(), config.orgToken());

        CountDownLatch finished = new CountDownLatch(1);
        Thread startup = Thread.currentThread();
        Thread hook = new Thread(() -> {
            startup.interrupt();
            awaitQuietly(finished);
        }, "ctops-agent-startup-stop");
        runtime.addShutdownHook(hook);
        AgentIdentity identity;
        try {
            identity = AgentIdentity.establish(keys, store, registrar, clock);
        } finally {
            removeHook(hook);
            finished.countDown();
        }
        trust.use(identity);
        return heartbeat(config, version, identity, registrar, channels, addresses, backoff, platform);
    }

    private int heartbeat(AgentConfig config, AgentVersion version, AgentIdentity identity, Registrar registrar,
            IngestChannels channels, AddressRotation addresses, Backoff backoff, CachedPlatform platform)
            throws IOException, RegistrationRefusedException {
        if (!Files.isDirectory(config.pluginsDir())) {
            log.warn("Plugins directory {} does not exist: heartbeats carry no vitals", config.pluginsDir());
        }
        CountDownLatch finished = new CountDownLatch(1);
        try (AgentPluginHost plugins = new AgentPluginHost(config.pluginsDir(), config.dataDir(), config.hostRoot(),
                clock, version.sdk());
             Spool spool = Spool.open(config.dataDir().resolve("spool"), config.spoolMaxBytes())) {
            if (Files.isDirectory(config.pluginsDir())) {
                plugins.start();
            }
            CollectorRunner collectors = new CollectorRunner(plugins.extensions(Collector.class));
            log.info("Collectors: {}", collectors.collectorIds());
            HeartbeatSpool heartbeatSpool = new HeartbeatSpool(spool);
            reportSpool(heartbeatSpool);
            HeartbeatOutbox outbox = new HeartbeatOutbox(heartbeatSpool);
            CheckResultQueue checkResults = new CheckResultQueue();
            HeartbeatFactory factory = new HeartbeatFactory(collectors, platform, clock, version.agent(),
                    config.heartbeatInterval(), firstSequence(), checkResults, () -> heartbeatSpool.status().dropped());
            try (CheckScheduler checks = new CheckScheduler(new CheckExecutors(plugins.extensions(CheckExecutor.class)),
                    checkResults, clock);
                 HeartbeatTicker ticker = new HeartbeatTicker(factory, outbox, config.heartbeatInterval())) {
                PushedChecks pushedChecks = new PushedChecks(checks, new PushedChecksFile(config.dataDir()));
                pushedChecks.restore();
                HeartbeatLoop loop = new HeartbeatLoop(new HeartbeatLoop.Parts(identity,
                        new CredentialRefresher(identity, registrar, clock), registrar, channels, addresses, backoff,
                        heartbeatSpool, outbox, ticker::tickNow, config.heartbeatInterval(), clock, pushedChecks));
                Thread hook = new Thread(() -> {
                    log.info("Stopping: closing the heartbeat stream");
                    loop.stop();
                    awaitQuietly(finished);
                }, "ctops-agent-stop");
                runtime.addShutdownHook(hook);
                ticker.start();
                try {
                    loop.run();
                } finally {
                    removeHook(hook);
                }
            }
            reportSpool(heartbeatSpool);
            return 0;
        } finally {
            finished.countDown();
        }
    }

    /** Sequence numbers go on from the clock, so they keep increasing across restarts. */
    private long firstSequence() {
        return clock.millis();
    }

    private static void reportSpool(HeartbeatSpool spool) {
        var status = spool.status();
        if (status.records() > 0 || status.dropped() > 0) {
            log.info("Spool: {} heartbeat(s) waiting ({} bytes of {}), {} dropped because it was full",
                    status.records(), status.bytes(), status.maxBytes(), status.dropped());
        }
    }

    private void removeHook(Thread hook) {
        try {
            runtime.removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down and the hook runs
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int fail(String message) {
        log.error(message);
        err.println("ctops-agent: " + message);
        return FAILED;
    }

    /** The trust decision for the ingest server, following the CA chain the server handed over. */
    private static final class TrustHolder implements Supplier<ServerTrust> {

        private final AgentConfig config;
        private volatile AgentIdentity identity;

        TrustHolder(AgentConfig config) {
            this.config = config;
        }

        void use(AgentIdentity current) {
            this.identity = current;
        }

        @Override
        public ServerTrust get() {
            AgentIdentity current = identity;
            return ServerTrust.of(config.caCertFile(),
                    current == null ? List.of() : current.credentials().caChain());
        }
    }
}
