package io.ctops.core.identity;

import static io.ctops.db.jooq.Tables.AGENT;
import static io.ctops.db.jooq.Tables.AUDIT_LOG;
import static io.ctops.db.jooq.Tables.ENROLMENT_TOKEN;
import static io.ctops.db.jooq.Tables.HOST;
import static io.ctops.db.jooq.Tables.ISSUED_CERTIFICATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.ctops.core.org.Organisations;
import io.ctops.core.testing.MigratedDatabase;
import io.ctops.core.security.SecretBox;
import io.ctops.proto.agent.v1.AgentStatus;
import io.ctops.proto.agent.v1.PlatformInfo;
import io.ctops.proto.agent.v1.RegisterRequest;
import io.ctops.proto.agent.v1.RegisterResponse;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Registrations racing on one enrolment token, on a real database with a pool as large as the
 * server's: a token's use limit holds exactly, one key enrols once, one hostname becomes one host,
 * and registrations do not queue behind each other (the figure is printed, not asserted).
 */
class ConcurrentRegistrationIT {

    static final int THREADS = 32;

    private static MigratedDatabase database;
    private static DSLContext dsl;
    private static AgentIdentityServices identity;
    private static UUID org;

    @BeforeAll
    static void start() {
        database = MigratedDatabase.create("registration-it", 16);
        dsl = database.dsl();
        identity = AgentIdentityServices.start(dsl, new SecretBox("registration-it-secret-0123456789"), Clock.systemUTC(),
                Optional.empty());
        org = new Organisations(dsl).create("registration-it");
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aTokenWithMaxUsesEnrolsExactlyThatManyAgentsUnderARace() throws Exception {
        int maxUses = 12;
        EnrolmentToken token = token("limited", OptionalInt.of(maxUses));
        List<RegisterRequest> requests = requests(token, "limited", 60);
        Map<String, Integer> outcomes = run(requests);
        assertEquals(maxUses, outcomes.getOrDefault("ok", 0), outcomes.toString());
        assertEquals(60 - maxUses, outcomes.getOrDefault("enrolment token has no uses left", 0), outcomes.toString());
        assertEquals(maxUses, dsl.select(ENROLMENT_TOKEN.USES).from(ENROLMENT_TOKEN)
                .where(ENROLMENT_TOKEN.ID.eq(token.id())).fetchOne(ENROLMENT_TOKEN.USES));
        assertEquals(maxUses, dsl.fetchCount(AGENT, AGENT.ENROLMENT_TOKEN_ID.eq(token.id())));
        assertEquals(maxUses, dsl.fetchCount(HOST, HOST.HOSTNAME.startsWith("limited-")), "a refusal leaves no host row");
        assertEquals(maxUses, dsl.fetchCount(ISSUED_CERTIFICATE, ISSUED_CERTIFICATE.AGENT_ID.in(
                DSL.select(AGENT.ID).from(AGENT).where(AGENT.ENROLMENT_TOKEN_ID.eq(token.id())))));
        assertEquals(60, dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("agent.register"),
                AUDIT_LOG.TARGET.startsWith("limited-").or(AUDIT_LOG.TARGET.in(
                        DSL.select(AGENT.ID.cast(String.class)).from(AGENT).where(AGENT.ENROLMENT_TOKEN_ID.eq(token.id()))))),
                "every registration, accepted or refused, is audited");
    }

    @Test
    void oneKeyRegisteringManyTimesAtOnceEnrolsOnce() throws Exception {
        EnrolmentToken token = token("same-key", OptionalInt.empty());
        RegisterRequest request = requests(token, "same-key", 1).get(0);
        List<RegisterRequest> copies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            copies.add(request);
        }
        Set<String> agentIds = ConcurrentHashMap.newKeySet();
        Map<String, Integer> outcomes = run(copies, response -> agentIds.add(response.getAgentId()));
        assertEquals(Map.of("ok", 10), outcomes);
        assertEquals(1, agentIds.size(), "idempotent per key: " + agentIds);
        assertEquals(1, dsl.select(ENROLMENT_TOKEN.USES).from(ENROLMENT_TOKEN)
                .where(ENROLMENT_TOKEN.ID.eq(token.id())).fetchOne(ENROLMENT_TOKEN.USES), "the key used the token once");
    }

    @Test
    void manyKeysClaimingOneHostnameAtOnceMakeOneHost() throws Exception {
        EnrolmentToken token = token("one-host", OptionalInt.empty());
        List<RegisterRequest> requests = new ArrayList<>();
        for (RegisterRequest r : requests(token, "one-host", 8)) {
            requests.add(r.toBuilder().setPlatform(r.getPlatform().toBuilder().setHostname("shared-host")).build());
        }
        Map<String, Integer> outcomes = run(requests);
        assertEquals(Map.of("ok", 8), outcomes, "the host is offline: each later key is adopted onto it");
        assertEquals(1, dsl.fetchCount(HOST, HOST.HOSTNAME.eq("shared-host")), "one host, not " + outcomes);
        assertEquals(1, dsl.fetchCount(AGENT, AGENT.ENROLMENT_TOKEN_ID.eq(token.id())));
    }

    @Test
    void throughputOfConcurrentRegistrations() throws Exception {
        EnrolmentToken token = token("throughput", OptionalInt.empty());
        List<RegisterRequest> warmup = requests(token, "warmup", 20);
        run(warmup);
        List<RegisterRequest> requests = requests(token, "throughput", 200);
        long started = System.nanoTime();
        Map<String, Integer> outcomes = run(requests);
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(Map.of("ok", 200), outcomes);
        System.out.printf("[registration] 200 concurrent registrations (%d threads, pool 16, %d cores): %.2f s, %.1f registrations/s%n",
                THREADS, Runtime.getRuntime().availableProcessors(), seconds, 200 / seconds);
    }

    private static EnrolmentToken token(String name, OptionalInt maxUses) {
        CreatedEnrolmentToken created = identity.tokens().create(org,
                new NewEnrolmentToken(name, true, Optional.empty(), maxUses, Map.of()), "test");
        secrets.put(created.token().id(), created.secret());
        return created.token();
    }

    private static final Map<UUID, String> secrets = new ConcurrentHashMap<>();

    private static Map<String, Integer> run(List<RegisterRequest> requests) throws Exception {
        return run(requests, response -> { });
    }

    /** Registers all requests at once from {@link #THREADS} threads; answers outcome -> count. */
    private static Map<String, Integer> run(List<RegisterRequest> requests,
                                            java.util.function.Consumer<RegisterResponse> onOk) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (RegisterRequest request : requests) {
                results.add(threads.submit(() -> {
                    go.await();
                    try {
                        RegisterResponse response = identity.registration().register(request, "127.0.0.1");
                        assertEquals(AgentStatus.AGENT_STATUS_ACTIVE, response.getStatus());
                        assertTrue(!response.getClientCertificateDer().isEmpty() && !response.getJwt().isEmpty());
                        onOk.accept(response);
                        return "ok";
                    } catch (IdentityRefusal refusal) {
                        return refusal.getMessage();
                    }
                }));
            }
            go.countDown();
            Map<String, Integer> outcomes = new java.util.TreeMap<>();
            for (Future<String> result : results) {
                outcomes.merge(result.get(), 1, Integer::sum);
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }

    private static List<RegisterRequest> requests(EnrolmentToken token, String prefix, int n) throws Exception {
        List<RegisterRequest> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            KeyPair keys = p256();
            requests.add(RegisterRequest.newBuilder()
                    .setOrgToken(secrets.get(token.id()))
                    .setPublicKeyPem(pem(keys))
                    .setCsrDer(ByteString.copyFrom(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=agent"), keys.getPublic())
                            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())).getEncoded()))
                    .setPlatform(PlatformInfo.newBuilder().setHostname(prefix + "-" + i).setOs("linux")
                            .addIpAddresses(nextIp()))
                    .setAgentVersion("test")
                    .build());
        }
        return requests;
    }

    private static final java.util.concurrent.atomic.AtomicInteger ips = new java.util.concurrent.atomic.AtomicInteger();

    /** A distinct address per request, so only the hostname can make two requests the same host. */
    private static String nextIp() {
        int n = ips.incrementAndGet();
        return "10.99." + (n / 250) + "." + (n % 250 + 1);
    }

    private static KeyPair p256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static String pem(KeyPair keys) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(keys.getPublic());
        }
        return out.toString();
    }
}
