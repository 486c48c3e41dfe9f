package io.ctops.plugin.monitoring;

import com.google.protobuf.Timestamp;
import io.ctops.core.access.Actor;
import io.ctops.core.access.Role;
import io.ctops.core.identity.NewEnrolmentToken;
import io.ctops.core.users.NewUser;
import io.ctops.core.users.User;
import io.ctops.proto.agent.v1.DiskUsage;
import io.ctops.proto.agent.v1.InterfaceCounters;
import io.ctops.proto.agent.v1.Vitals;
import io.ctops.proto.queue.v1.MetricsRaw;
import io.ctops.sdk.testkit.CtopsTestServer;
import io.ctops.sdk.testkit.TestAgent;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Organisations, users with API keys, registered hosts and synthetic samples for the monitoring tests. */
final class MonitoringFixtures {

    static final String PASSWORD = "correct horse battery staple";

    private final CtopsTestServer server;

    MonitoringFixtures(CtopsTestServer server) {
        this.server = server;
    }

    /** The first organisation and its super admin (the set-up of an empty server). */
    Actor setUp(String organisation, String email) {
        User admin = server.services().users().setUp(organisation, email, "Admin", PASSWORD);
        return server.services().users().actor(admin.id()).orElseThrow();
    }

    Actor user(Actor admin, String email, Role role) {
        User user = server.services().users().create(admin, new NewUser(email, email, role, PASSWORD));
        return server.services().users().actor(user.id()).orElseThrow();
    }

    String apiKey(Actor actor) {
        return server.services().apiKeys().create(actor, "monitoring-it", Optional.empty()).secret();
    }

    String enrolmentToken(UUID orgId) {
        return server.identity().tokens().create(orgId, NewEnrolmentToken.named("monitoring-it-" + UUID.randomUUID(), true), "admin")
                .secret();
    }

    /** Registers an agent with an auto-approving token and returns its host id. */
    UUID register(TestAgent agent, String token) {
        String agentId = agent.register(server, token).getAgentId();
        return server.dsl().select(io.ctops.db.jooq.Tables.AGENT.HOST_ID).from(io.ctops.db.jooq.Tables.AGENT)
                .where(io.ctops.db.jooq.Tables.AGENT.ID.eq(UUID.fromString(agentId)))
                .fetchOne(io.ctops.db.jooq.Tables.AGENT.HOST_ID);
    }

    static MetricsRaw sample(UUID org, UUID host, Instant at, double cpu, double memory) {
        return MetricsRaw.newBuilder().setOrgId(org.toString()).setHostId(host.toString())
                .setCollectedAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()))
                .setVitals(Vitals.newBuilder().setCpuPercent(cpu).setMemoryPercent(memory).setSwapPercent(1)
                        .setRootDiskPercent(40).setLoad1(0.5).setLoad5(0.4).setLoad15(0.3)
                        .addDisks(DiskUsage.newBuilder().setMount("/").setDevice("sda1").setTotalBytes(1000).setUsedBytes(400))
                        .addInterfaces(InterfaceCounters.newBuilder().setName("eth0")
                                .setRxBytes(at.getEpochSecond() * 1000).setTxBytes(at.getEpochSecond() * 500)))
                .build();
    }
}
