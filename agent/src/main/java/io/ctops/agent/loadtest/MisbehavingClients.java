package io.ctops.agent.loadtest;

import io.ctops.agent.identity.AgentKeyFile;
import io.ctops.proto.agent.v1.AgentIngestGrpc;
import io.ctops.proto.agent.v1.PlatformInfo;
import io.ctops.proto.agent.v1.RegisterRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import static java.util.Objects.requireNonNull;

/**
 * The bad clients of {@code --misbehave}, {@code --misbehaving} of each kind, next to the well-behaved agents:
 * they register like them (hosts {@code lt-<run id>-<kind>-<n>}, so cleanup deletes them too) and then
 * misbehave ({@link BadAgent}, {@link SilentConnections}). What the server answered them is kept per kind.
 */
final class MisbehavingClients {

    static final int TOO_MANY_TAGS = 1000;

    private final Fleet fleet;
    private final BiFunction<String, Integer, PlatformInfo> platforms;
    private final Map<Misbehaviour, MisbehaviourTally> tallies = new EnumMap<>(Misbehaviour.class);
    private final List<BadAgent> agents = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final ExecutorService registering;
    private final ManagedChannel registerChannel;
    private SilentConnections silent;
    private boolean stopped;

    /**
     * @param platforms the platform of a bad client by hostname and a number unique in the run
     */
    MisbehavingClients(Fleet fleet, BiFunction<String, Integer, PlatformInfo> platforms) {
        this.fleet = requireNonNull(fleet, "fleet is null");
        this.platforms = requireNonNull(platforms, "platforms is null");
        fleet.options().misbehaviours().forEach(kind -> tallies.put(kind, new MisbehaviourTally()));
        registering = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "loadtest-misbehave");
            thread.setDaemon(true);
            return thread;
        });
        registerChannel = tallies.isEmpty() ? null : fleet.registerChannel();
    }

    boolean any() {
        return !tallies.isEmpty();
    }

    /** Registers the bad agents (in the background) and opens the silent connections. */
    void start() {
        LoadtestOptions options = fleet.options();
        // their own counters: registering them must not count as agents registered
        Enrolment enrolment = registerChannel == null ? null
                : new Enrolment(registerChannel, options.token(), options.runId(), new LoadStats());
        List<OversizedHeartbeats.Variant> oversized = tallies.containsKey(Misbehaviour.OVERSIZED)
                ? OversizedHeartbeats.all((int) Math.max(1, options.interval().toSeconds())) : List.of();
        int number = options.agents();
        for (Map.Entry<Misbehaviour, MisbehaviourTally> entry : tallies.entrySet()) {
            Misbehaviour kind = entry.getKey();
            MisbehaviourTally tally = entry.getValue();
            if (kind == Misbehaviour.SILENT_TLS) {
                silent = new SilentConnections(options.address().host(), options.address().port(), fleet.trust(), tally,
                        options.misbehaving());
                silent.start();
                continue;
            }
            for (int i = 0; i < options.misbehaving(); i++) {
                String hostname = options.hostnamePrefix() + kind.option().replace("-", "") + "-"
                        + String.format(Locale.ROOT, "%03d", i);
                int unique = number++;
                boolean first = i == 0;
                tally.clients.increment();
                registering.execute(() -> enrol(enrolment, kind, tally, hostname, unique, oversized, first));
            }
        }
    }

    private void enrol(Enrolment enrolment, Misbehaviour kind, MisbehaviourTally tally, String hostname, int unique,
                       List<OversizedHeartbeats.Variant> oversized, boolean first) {
        try {
            KeyPair keys = AgentKeyFile.generate();
            PlatformInfo platform = platforms.apply(hostname, unique);
            if (kind == Misbehaviour.OVERSIZED && first) {
                registerWithTooManyTags(enrolment, keys, platform, tally);
            }
            Enrolment.Outcome outcome = enrolment.register(keys, platform);
            if (!(outcome instanceof Enrolment.Outcome.Active active)) {
                tally.answer("register: " + outcome);
                return;
            }
            ManagedChannel channel = kind == Misbehaviour.SLOW_READER
                    ? fleet.slowReaderChannel(unique, keys.getPrivate(), active.certificate())
                    : fleet.mutualTlsChannel(unique, keys.getPrivate(), active.certificate());
            BadAgent agent = new BadAgent(kind, fleet, tally, oversized);
            synchronized (this) {
                if (stopped) {
                    // registered while the run ended: it must not start misbehaving now
                    channel.shutdownNow();
                    return;
                }
                channels.add(channel);
                agents.add(agent);
            }
            agent.start(active.jwt(), channel);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            tally.answer("start: " + e.getClass().getSimpleName());
        }
    }

    /** Tags are the one list of Register: far more than the server takes. */
    private void registerWithTooManyTags(Enrolment enrolment, KeyPair keys, PlatformInfo platform,
                                         MisbehaviourTally tally) {
        RegisterRequest.Builder request = enrolment.request(keys, platform);
        for (int i = 0; i < TOO_MANY_TAGS; i++) {
            request.putTags("tag" + i, "value" + i);
        }
        tally.sent.increment();
        try {
            AgentIngestGrpc.newBlockingStub(registerChannel).withDeadlineAfter(Enrolment.CALL_DEADLINE.toMillis(),
                    TimeUnit.MILLISECONDS).register(request.build());
            tally.answer("register with " + TOO_MANY_TAGS + " tags: accepted");
        } catch (StatusRuntimeException e) {
            Status status = e.getStatus();
            tally.answer("register with " + TOO_MANY_TAGS + " tags: " + status.getCode()
                    + (status.getDescription() == null ? "" : ": " + status.getDescription()));
        }
    }

    /** Stops misbehaving; slow readers read what waited for them. */
    void stop() {
        synchronized (this) {
            stopped = true;
        }
        registering.shutdownNow();
        if (silent != null) {
            silent.stop();
        }
        snapshot().forEach(BadAgent::stop);
    }

    /** Cancels what is still open and closes the channels. */
    void close() {
        snapshot().forEach(BadAgent::close);
        List<ManagedChannel> all;
        synchronized (this) {
            all = new ArrayList<>(channels);
        }
        all.forEach(ManagedChannel::shutdownNow);
        if (registerChannel != null) {
            registerChannel.shutdownNow();
        }
    }

    private synchronized List<BadAgent> snapshot() {
        return new ArrayList<>(agents);
    }

    /** {@code fast 10 open/12 closed} per kind, for the live line. */
    String live() {
        StringBuilder line = new StringBuilder();
        tallies.forEach((kind, tally) -> line.append(line.length() == 0 ? "" : ", ").append(kind.option()).append(' ')
                .append(tally.open.get()).append(" open/").append(tally.closedByServer.sum()).append(" closed"));
        return line.toString();
    }

    /** {@return per kind: the tally's figures} */
    Map<String, Object> summary() {
        Map<String, Object> map = new LinkedHashMap<>();
        tallies.forEach((kind, tally) -> map.put(kind.option(), tally.summary()));
        return map;
    }

    Map<Misbehaviour, MisbehaviourTally> tallies() {
        return tallies;
    }
}
