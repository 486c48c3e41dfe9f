package io.ctops.sdk.testkit;

import static io.ctops.db.jooq.Tables.AGENT;
import static io.ctops.db.jooq.Tables.AGENT_STATUS_HISTORY;
import static io.ctops.db.jooq.Tables.AUDIT_LOG;
import static io.ctops.db.jooq.Tables.ENROLMENT_TOKEN;
import static io.ctops.db.jooq.Tables.HOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.core.identity.CreatedEnrolmentToken;
import io.ctops.core.identity.NewEnrolmentToken;
import io.ctops.core.jwt.AgentJwts;
import io.ctops.core.jwt.JwtSigningKey;
import io.ctops.core.pki.AgentIdentity;
import io.ctops.core.pki.CertificateAuthority;
import io.ctops.proto.agent.v1.AgentStatus;
import io.ctops.proto.agent.v1.RegisterResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Enrolment, registration, approval, mutual TLS, JWTs and revocation over real gRPC and TLS. */
class AgentIdentityIT {

    @RegisterExtension
    static final CtopsTestServer server = CtopsTestServer.withPluginJars();

    private static UUID org;

    @BeforeAll
    static void organisation() {
        org = server.createOrganisation("identity-it");
    }

    @Test
    void anAutoApproveTokenGivesCertificateAndJwtAtOnce() {
        try (TestAgent agent = TestAgent.create("web-01", "10.0.0.11")) {
            RegisterResponse response = agent.register(server, token(true).secret());
            assertEquals(AgentStatus.AGENT_STATUS_ACTIVE, response.getStatus());
            assertEquals(Optional.of(response.getAgentId()), AgentIdentity.agentIdOf(agent.certificate()));
            assertTrue(agent.certificate().getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(89))));
            assertEquals(server.agentCaCertificate().getSubjectX500Principal(), agent.certificate().getIssuerX500Principal());
            assertEquals(7, agent.heartbeat(server, 7).getAckSequence());

            String jwks = server.get("/.well-known/jwks.json").body();
            String kid = new String(java.util.Base64.getUrlDecoder().decode(agent.jwt().split("\\.")[0]));
            assertTrue(jwks.contains("\"kty\":\"RSA\""), jwks);
            assertTrue(kid.contains("\"kid\""), kid);
        }
    }

    @Test
    void tagKeysAreStoredLowerCaseWhateverTheAgentSends() {
        CreatedEnrolmentToken token = server.identity().tokens().create(org,
                new NewEnrolmentToken("tagged", true, Optional.empty(), OptionalInt.empty(), Map.of("Env", "prod")), "admin");
        try (TestAgent agent = TestAgent.create("tags-01", "10.0.0.13")) {
            RegisterResponse response = agent.register(server, agent.registerRequest(token.secret())
                    .clearTags().putTags("Rack", "B2").putTags("owner", "Team-A").build());
            String tags = server.dsl().select(HOST.TAGS).from(HOST).join(AGENT).on(AGENT.HOST_ID.eq(HOST.ID))
                    .where(AGENT.ID.eq(UUID.fromString(response.getAgentId()))).fetchOne(HOST.TAGS).data();
            assertEquals("{\"env\": \"prod\", \"rack\": \"B2\", \"owner\": \"Team-A\"}", tags);
        }
        try (TestAgent twice = TestAgent.create("tags-02", "10.0.0.14")) {
            assertRefused(Status.Code.INVALID_ARGUMENT, "tag key 'rack' is given twice", () -> twice.register(server,
                    twice.registerRequest(token.secret()).clearTags().putTags("Rack", "1").putTags("rack", "2").build()));
        }
    }

    @Test
    void registeringTheSameKeyAgainIsIdempotent() {
        CreatedEnrolmentToken token = token(true);
        try (TestAgent agent = TestAgent.create("web-02", "10.0.0.12")) {
            String first = agent.register(server, token.secret()).getAgentId();
            String second = agent.register(server, token.secret()).getAgentId();
            assertEquals(first, second);
            assertEquals(1, server.dsl().select(ENROLMENT_TOKEN.USES).from(ENROLMENT_TOKEN)
                    .where(ENROLMENT_TOKEN.ID.eq(token.token().id())).fetchOne(ENROLMENT_TOKEN.USES));
        }
    }

    @Test
    void aPendingAgentPollsUntilAnAdminApproves() {
        CreatedEnrolmentToken token = token(false);
        try (TestAgent agent = TestAgent.create("db-01", "10.0.0.21")) {
            RegisterResponse pending = agent.register(server, token.secret());
            assertEquals(AgentStatus.AGENT_STATUS_PENDING, pending.getStatus());
            assertEquals(30, pending.getRetryAfterSecs());
            assertTrue(pending.getClientCertificateDer().isEmpty());

            server.identity().approvals().approve(org, UUID.fromString(pending.getAgentId()), "admin@example.org");
            RegisterResponse active = agent.register(server, token.secret());
            assertEquals(AgentStatus.AGENT_STATUS_ACTIVE, active.getStatus());
            assertEquals(pending.getAgentId(), active.getAgentId());
            assertEquals(1, agent.heartbeat(server, 1).getAckSequence());
            assertTrue(server.dsl().fetchExists(AGENT_STATUS_HISTORY, AGENT_STATUS_HISTORY.AGENT_ID.eq(UUID.fromString(active.getAgentId()))
                    .and(AGENT_STATUS_HISTORY.TO_STATUS.eq("active"))));
        }
    }

    @Test
    void expiredExhaustedRevokedAndUnknownTokensAreRefusedAndAudited() throws Exception {
        try (TestAgent agent = TestAgent.create("refused-01", "10.0.0.31")) {
            assertRefused(Status.Code.UNAUTHENTICATED, "unknown enrolment token",
                    () -> agent.register(server, "ctops_et_doesnotexist"));

            CreatedEnrolmentToken once = server.identity().tokens().create(org,
                    new NewEnrolmentToken("once", true, Optional.empty(), OptionalInt.of(1), Map.of()), "admin");
            try (TestAgent first = TestAgent.create("once-01", "10.0.0.32")) {
                first.register(server, once.secret());
            }
            assertRefused(Status.Code.PERMISSION_DENIED, "enrolment token has no uses left",
                    () -> agent.register(server, once.secret()));

            CreatedEnrolmentToken revoked = token(true);
            server.identity().tokens().revoke(org, revoked.token().id(), "admin");
            assertRefused(Status.Code.PERMISSION_DENIED, "enrolment token revoked", () -> agent.register(server, revoked.secret()));

            CreatedEnrolmentToken shortLived = server.identity().tokens().create(org,
                    new NewEnrolmentToken("short", true, Optional.of(Instant.now().plusMillis(1500)), OptionalInt.empty(), Map.of()),
                    "admin");
            Thread.sleep(1600);
            assertRefused(Status.Code.PERMISSION_DENIED, "enrolment token expired", () -> agent.register(server, shortLived.secret()));
        }
        assertEquals(0, server.dsl().fetchCount(HOST, HOST.HOSTNAME.eq("refused-01")), "a refusal leaves no host row");
        assertTrue(server.dsl().fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("agent.register"), AUDIT_LOG.OUTCOME.eq("refused")) >= 4);
    }

    @Test
    void badRegistrationInputIsRefusedWithoutPartialRows() {
        String secret = token(true).secret();
        try (TestAgent agent = TestAgent.create("bad-01", "10.0.0.41")) {
            var p384 = ecKeys("secp384r1");
            assertRefused(Status.Code.INVALID_ARGUMENT, "public key must be ECDSA P-256", () -> agent.register(server,
                    agent.registerRequest(secret).setPublicKeyPem(TestAgent.pem(p384.getPublic()))
                            .setCsrDer(com.google.protobuf.ByteString.copyFrom(TestAgent.csr(p384))).build()));
            assertRefused(Status.Code.INVALID_ARGUMENT, "public key is not a PEM public key", () -> agent.register(server,
                    agent.registerRequest(secret).setPublicKeyPem("-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----\n").build()));
            var other = TestAgent.p256();
            assertRefused(Status.Code.INVALID_ARGUMENT, "CSR signature does not verify", () -> agent.register(server,
                    agent.registerRequest(secret).setCsrDer(com.google.protobuf.ByteString.copyFrom(
                            TestAgent.csr(agent.keys().getPublic(), other.getPrivate()))).build()));
            assertRefused(Status.Code.INVALID_ARGUMENT, "CSR key differs from the registered public key", () -> agent.register(server,
                    agent.registerRequest(secret).setCsrDer(com.google.protobuf.ByteString.copyFrom(TestAgent.csr(other))).build()));
            assertRefused(Status.Code.INVALID_ARGUMENT, "hostname must be 1-255 characters", () -> agent.register(server,
                    agent.registerRequest(secret).setPlatform(agent.registerRequest(secret).getPlatform().toBuilder()
                            .setHostname("h".repeat(256))).build()));
            var manyIps = agent.registerRequest(secret).getPlatform().toBuilder();
            for (int i = 0; i < 65; i++) {
                manyIps.addIpAddresses("10.9.0." + i);
            }
            assertRefused(Status.Code.INVALID_ARGUMENT, "too many IP addresses", () -> agent.register(server,
                    agent.registerRequest(secret).setPlatform(manyIps).build()));
            var manyTags = agent.registerRequest(secret);
            for (int i = 0; i < 65; i++) {
                manyTags.putTags("t" + i, "v");
            }
            assertRefused(Status.Code.INVALID_ARGUMENT, "too many tags", () -> agent.register(server, manyTags.build()));
            assertRefused(Status.Code.INVALID_ARGUMENT, "IP address is not an IPv4 or IPv6 literal", () -> agent.register(server,
                    agent.registerRequest(secret).setPlatform(agent.registerRequest(secret).getPlatform().toBuilder()
                            .addIpAddresses("example.org")).build()));
        }
        assertEquals(0, server.dsl().fetchCount(HOST, HOST.HOSTNAME.eq("bad-01")));
    }

    @Test
    void aNewKeyForAnOfflineHostIsAdoptedButAnOnlineOrRevokedHostRefusesIt() {
        String secret = token(true).secret();
        String agentId;
        try (TestAgent original = TestAgent.create("app-01", "10.0.1.1")) {
            agentId = original.register(server, secret).getAgentId();
        }
        try (TestAgent reinstalled = TestAgent.create("app-01", "10.0.1.1")) {
            RegisterResponse adopted = reinstalled.register(server, secret);
            assertEquals(agentId, adopted.getAgentId(), "the never-seen host's agent is adopted with the new key");
            assertEquals(AgentStatus.AGENT_STATUS_ACTIVE, adopted.getStatus(), "approval state kept");
            assertTrue(server.dsl().fetchExists(AGENT_STATUS_HISTORY, AGENT_STATUS_HISTORY.AGENT_ID.eq(UUID.fromString(agentId))
                    .and(AGENT_STATUS_HISTORY.REASON.startsWith("key rotated"))));
        }
        server.dsl().update(HOST).set(HOST.STATUS, "online").where(HOST.HOSTNAME.eq("app-01")).execute();
        try (TestAgent impostor = TestAgent.create("other-name", "10.0.1.1")) {
            assertRefused(Status.Code.ALREADY_EXISTS, "host other-name is online with another key",
                    () -> impostor.register(server, secret));
        }
        server.dsl().update(HOST).set(HOST.STATUS, "offline").where(HOST.HOSTNAME.eq("app-01")).execute();
        server.identity().approvals().revoke(org, UUID.fromString(agentId), "admin", "decommissioned");
        try (TestAgent after = TestAgent.create("app-01")) {
            assertRefused(Status.Code.ALREADY_EXISTS, "a revoked agent holds this hostname or IP address",
                    () -> after.register(server, secret));
        }
    }

    @Test
    void everyCallButRegisterNeedsAMatchingCertificateAndJwt() throws Exception {
        String secret = token(true).secret();
        try (TestAgent a = TestAgent.create("mtls-a", "10.0.2.1"); TestAgent b = TestAgent.create("mtls-b", "10.0.2.2")) {
            a.register(server, secret);
            b.register(server, secret);

            // JWT of A with the certificate of B
            TestAgent mixed = TestAgent.create("mtls-mixed");
            mixed.useCredentialsOf(b);
            assertRefused(Status.Code.UNAUTHENTICATED, "JWT does not match the client certificate",
                    () -> mixed.heartbeat(server, 1, a.jwt()));
            mixed.close();

            // a JWT signed by a key the server does not know
            AgentJwts foreign = new AgentJwts(Clock.systemUTC(), JwtSigningKey.generate(), List.of());
            assertRefused(Status.Code.UNAUTHENTICATED, "token signed by an unknown key",
                    () -> a.heartbeat(server, 1, foreign.issue(a.agentId()).token()));
            assertRefused(Status.Code.UNAUTHENTICATED, "JWT missing", () -> a.heartbeat(server, 1, null));
            assertTrue(server.dsl().fetchExists(AUDIT_LOG, AUDIT_LOG.ACTION.eq("ingest.Heartbeat"),
                    AUDIT_LOG.DETAIL.eq("JWT does not match the client certificate")), "refused calls are audited");

            // a certificate from another CA, and an expired one from the right CA: refused at the handshake
            CertificateAuthority otherCa = CertificateAuthority.generate("rogue", Duration.ofDays(30), Clock.systemUTC());
            a.useCertificate(otherCa.issueAgentCertificate(a.keys().getPublic(), a.agentId(), Duration.ofDays(1), Clock.systemUTC()));
            // the TLS client does not even offer a certificate the server's CA list does not name
            StatusRuntimeException foreignCa = assertThrows(StatusRuntimeException.class, () -> a.heartbeat(server, 1));
            assertTrue(foreignCa.getStatus().getCode() == Status.Code.UNAVAILABLE
                    || "client certificate required".equals(foreignCa.getStatus().getDescription()), foreignCa.getStatus().toString());
            Clock past = Clock.fixed(Instant.now().minus(Duration.ofDays(200)), ZoneOffset.UTC);
            a.useCertificate(server.identity().activeCa().authority()
                    .issueAgentCertificate(a.keys().getPublic(), a.agentId(), Duration.ofDays(90), past));
            assertHandshakeRefused(() -> a.heartbeat(server, 1));
            CtopsTestServer.await("the refused handshake is audited", Duration.ofSeconds(10), () ->
                    server.dsl().fetchExists(AUDIT_LOG, AUDIT_LOG.ACTION.eq("ingest.handshake"),
                            AUDIT_LOG.TARGET.eq(a.agentId()), AUDIT_LOG.OUTCOME.eq("refused")));

            // revocation: within a few seconds the handshake refuses the serial
            assertEquals(3, b.heartbeat(server, 3).getAckSequence());
            server.identity().approvals().revoke(org, UUID.fromString(b.agentId()), "admin", "compromised");
            b.close();
            CtopsTestServer.await("revoked certificate refused", Duration.ofSeconds(15), () -> {
                try {
                    b.heartbeat(server, 4);
                    return false;
                } catch (StatusRuntimeException e) {
                    return true;
                }
            });
            assertRefused(Status.Code.PERMISSION_DENIED, "agent is revoked", () -> b.register(server, secret));
        }
        try (TestAgent noCert = TestAgent.create("mtls-none2")) {
            noCert.register(server, token(false).secret());
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> noCert.heartbeatWithoutCertificate(server));
            assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
            assertEquals("client certificate required", e.getStatus().getDescription());
        }
    }

    @Test
    void renewalGivesANewCertificateForTheSameKey() {
        try (TestAgent agent = TestAgent.create("renew-01", "10.0.3.1")) {
            agent.register(server, token(true).secret());
            var before = agent.certificate();
            var response = agent.renew(server);
            assertNotEquals(before.getSerialNumber(), agent.certificate().getSerialNumber());
            assertEquals(AgentIdentity.agentIdOf(before), AgentIdentity.agentIdOf(agent.certificate()));
            assertTrue(!response.getJwt().isEmpty());
            assertEquals(9, agent.heartbeat(server, 9).getAckSequence());
        }
    }

    private static CreatedEnrolmentToken token(boolean autoApprove) {
        return server.identity().tokens().create(org, NewEnrolmentToken.named("it-" + UUID.randomUUID(), autoApprove), "admin");
    }

    private static java.security.KeyPair ecKeys(String curve) {
        try {
            var generator = java.security.KeyPairGenerator.getInstance("EC");
            generator.initialize(new java.security.spec.ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRefused(Status.Code code, String messageStart, org.junit.jupiter.api.function.Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), String.valueOf(e.getStatus()));
        String description = String.valueOf(e.getStatus().getDescription());
        assertTrue(description.startsWith(messageStart), "message was: " + description);
    }

    private static void assertHandshakeRefused(org.junit.jupiter.api.function.Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), String.valueOf(e.getStatus()));
    }
}
