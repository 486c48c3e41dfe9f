package io.ctops.core.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;

class AgentIdentityTest {

    private final KeyPair keys = EcKeys.generateP256();

    @Test
    void readsTheIdOfAnIssuedCertificate() {
        CertificateAuthority ca = CertificateAuthority.generate("test CA", Duration.ofDays(365), Clock.systemUTC());
        var certificate = ca.issueAgentCertificate(keys.getPublic(), "agent-42", Duration.ofDays(90), Clock.systemUTC());
        assertEquals(Optional.of("agent-42"), AgentIdentity.agentIdOf(certificate));
    }

    @Test
    void certificateWithoutSanHasNoId() throws Exception {
        assertEquals(Optional.empty(), AgentIdentity.agentIdOf(TestCrypto.selfSigned(keys)));
        CertificateAuthority ca = CertificateAuthority.generate("test CA", Duration.ofDays(1), Clock.systemUTC());
        assertEquals(Optional.empty(), AgentIdentity.agentIdOf(ca.certificate()));
    }

    @Test
    void dnsSanIsNotAnAgentId() throws Exception {
        var certificate = TestCrypto.selfSigned(keys, new GeneralName(GeneralName.dNSName, "agent-1.example"));
        assertEquals(Optional.empty(), AgentIdentity.agentIdOf(certificate));
    }

    @Test
    void otherUrisBesideTheAgentUriAreIgnored() throws Exception {
        var certificate = TestCrypto.selfSigned(keys,
                TestCrypto.uri("https://example.com/x"), TestCrypto.uri("spiffe://ctops/agent/a1"));
        assertEquals(Optional.of("a1"), AgentIdentity.agentIdOf(certificate));
    }

    @Test
    void twoAgentUrisAreAmbiguous() throws Exception {
        var certificate = TestCrypto.selfSigned(keys,
                TestCrypto.uri("spiffe://ctops/agent/a1"), TestCrypto.uri("spiffe://ctops/agent/a2"));
        assertEquals(Optional.empty(), AgentIdentity.agentIdOf(certificate));
    }

    @Test
    void foreignTrustDomainOrInvalidIdIsRefused() throws Exception {
        assertEquals(Optional.empty(),
                AgentIdentity.agentIdOf(TestCrypto.selfSigned(keys, TestCrypto.uri("spiffe://other/agent/a1"))));
        assertEquals(Optional.empty(),
                AgentIdentity.agentIdOf(TestCrypto.selfSigned(keys, TestCrypto.uri("spiffe://ctops/agent/a1/x"))));
        assertEquals(Optional.empty(),
                AgentIdentity.agentIdOf(TestCrypto.selfSigned(keys, TestCrypto.uri("spiffe://ctops/agent/"))));
    }

    @Test
    void validAgentIds() {
        assertTrue(AgentIdentity.isValidAgentId("a"));
        assertTrue(AgentIdentity.isValidAgentId("Agent-0-Z"));
        assertTrue(AgentIdentity.isValidAgentId("x".repeat(64)));
        assertFalse(AgentIdentity.isValidAgentId("x".repeat(65)));
        assertFalse(AgentIdentity.isValidAgentId(""));
        assertFalse(AgentIdentity.isValidAgentId("a_b"));
        assertFalse(AgentIdentity.isValidAgentId("a/b"));
        assertFalse(AgentIdentity.isValidAgentId("a\n"));
        assertFalse(AgentIdentity.isValidAgentId(null));
    }
}
