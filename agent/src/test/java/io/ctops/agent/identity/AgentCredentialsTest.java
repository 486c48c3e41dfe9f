package io.ctops.agent.identity;

import io.ctops.agent.testing.TestCertificates;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentCredentialsTest {

    private final TestCertificates ca = TestCertificates.ca("ca");
    private final KeyPair keys = TestCertificates.p256();
    private final Instant start = Instant.parse("2030-01-01T00:00:00Z");

    private AgentCredentials credentials(Instant certFrom, Instant certTo) {
        return new AgentCredentials("a", "jwt", start.plusSeconds(24 * 3600), start,
                ca.issue(keys.getPublic(), "a", certFrom, certTo), List.of());
    }

    @Test
    void theJwtIsReplacedInTheLastThirdOfItsLife() {
        AgentCredentials c = credentials(start, start.plusSeconds(90 * 86400));

        assertFalse(c.jwtRefreshDue(start.plusSeconds(15 * 3600)));
        assertTrue(c.jwtRefreshDue(start.plusSeconds(16 * 3600)));
        assertTrue(c.jwtUsable(start.plusSeconds(23 * 3600)));
        assertFalse(c.jwtUsable(start.plusSeconds(24 * 3600)));
    }

    @Test
    void theCertificateIsRenewedInTheLastThirdOfItsValidity() {
        AgentCredentials c = credentials(start, start.plusSeconds(90 * 86400));

        assertFalse(c.certificateRenewalDue(start.plusSeconds(59 * 86400)));
        assertTrue(c.certificateRenewalDue(start.plusSeconds(60 * 86400)));
        assertTrue(c.certificateValid(start.plusSeconds(89 * 86400)));
        assertFalse(c.certificateValid(start.plusSeconds(91 * 86400)));
        assertTrue(c.certifies(keys.getPublic()));
        assertFalse(c.certifies(TestCertificates.p256().getPublic()));
    }
}
