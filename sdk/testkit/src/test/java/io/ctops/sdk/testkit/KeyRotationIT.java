package io.ctops.sdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.core.config.KeyPairFiles;
import io.ctops.core.identity.NewEnrolmentToken;
import io.ctops.core.pki.AgentIdentity;
import io.ctops.core.pki.CertificateAuthority;
import io.ctops.proto.agent.v1.HeartbeatResponse;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Keys survive restarts; JWT keys and the agent CA can be rotated without cutting agents off. */
class KeyRotationIT {

    @RegisterExtension
    static final CtopsTestServer server = CtopsTestServer.withPluginJars();

    @Test
    void theCaAndJwtKeysSurviveARestartSealedInTheDatabase() throws Exception {
        String token = token();
        try (TestAgent agent = TestAgent.create("persist-01", "10.7.0.1")) {
            agent.register(server, token);
            X509Certificate ca = server.agentCaCertificate();
            server.restart();
            assertEquals(ca, server.agentCaCertificate(), "the CA is loaded, not regenerated");
            assertEquals(1, agent.heartbeat(server, 1).getAckSequence(), "certificate and JWT from before the restart still work");
        }
    }

    @Test
    void aRotatedJwtKeyKeepsVerifyingItsTokensAndStaysPublished() {
        try (TestAgent agent = TestAgent.create("jwt-01", "10.7.0.2")) {
            agent.register(server, token());
            String oldKid = kid(agent.jwt());
            server.identity().jwtKeys().rotate();
            assertEquals(2, agent.heartbeat(server, 2).getAckSequence(), "a token of the retired key still verifies");
            String jwks = server.get("/.well-known/jwks.json").body();
            assertTrue(jwks.contains(oldKid), jwks);

            try (TestAgent newer = TestAgent.create("jwt-02", "10.7.0.3")) {
                newer.register(server, token());
                assertNotEquals(oldKid, kid(newer.jwt()));
                assertTrue(server.get("/.well-known/jwks.json").body().contains(kid(newer.jwt())));
            }
        }
    }

    @Test
    void afterAnOperatorBringsANewCaAgentsOfTheOldOneGetANewCertificateOnTheirStream() throws Exception {
        try (TestAgent agent = TestAgent.create("rotate-01", "10.7.0.4")) {
            agent.register(server, token());

            CertificateAuthority operatorCa = CertificateAuthority.generate("Operator CA", Duration.ofDays(3650), Clock.systemUTC());
            Path dir = Files.createTempDirectory("operator-ca");
            Path cert = Files.writeString(dir.resolve("ca.crt"), TestAgent.pem(operatorCa.certificate()));
            Path key = Files.writeString(dir.resolve("ca.key"), io.ctops.core.pki.Pem.write(operatorCa.privateKey()));
            server.restart(config -> config.withAgentCa(Optional.of(new KeyPairFiles(cert, key))));
            assertEquals(operatorCa.certificate(), server.agentCaCertificate());

            // the old CA is retired but still trusted: the agent connects with its old certificate
            HeartbeatResponse answer = agent.heartbeat(server, 5);
            assertEquals(5, answer.getAckSequence());
            assertFalse(answer.getPendingCertificateDer().isEmpty(), "a certificate from the new CA is pushed");
            X509Certificate pushed = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(answer.getPendingCertificateDer().toByteArray()));
            pushed.verify(operatorCa.certificate().getPublicKey());
            assertEquals(AgentIdentity.agentIdOf(agent.certificate()), AgentIdentity.agentIdOf(pushed));

            agent.useCertificate(pushed);
            HeartbeatResponse next = agent.heartbeat(server, 6);
            assertTrue(next.getPendingCertificateDer().isEmpty(), "nothing more to push once the new certificate is used");
        }
    }

    private static String token() {
        UUID org = server.dsl().fetchOptional(io.ctops.db.jooq.Tables.ORGANISATION)
                .map(r -> r.getId()).orElseGet(() -> server.createOrganisation("rotation-it"));
        return server.identity().tokens().create(org, NewEnrolmentToken.named("rotation", true), "admin").secret();
    }

    private static String kid(String jwt) {
        String header = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]));
        int start = header.indexOf("\"kid\":\"") + 7;
        return header.substring(start, header.indexOf('"', start));
    }
}
