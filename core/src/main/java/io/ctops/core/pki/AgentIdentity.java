package io.ctops.core.pki;

import static java.util.Objects.requireNonNull;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The agent id carried by an agent's client certificate, as the URI SAN
 * {@code spiffe://ctops/agent/<agent-id>}.
 */
public final class AgentIdentity {

    /** The URI SAN prefix that names an agent. */
    public static final String SPIFFE_PREFIX = "spiffe://ctops/agent/";

    private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    // RFC 5280 GeneralName tag of uniformResourceIdentifier, as returned by getSubjectAlternativeNames().
    private static final int URI_SAN = 6;

    private AgentIdentity() {
    }

    /** Whether {@code agentId} is a syntactically valid agent id ({@code [A-Za-z0-9-]{1,64}}). */
    public static boolean isValidAgentId(String agentId) {
        return agentId != null && AGENT_ID.matcher(agentId).matches();
    }

    /**
     * The agent id, when the certificate has exactly one {@code spiffe://ctops/agent/} URI SAN and
     * it names a valid id. Two such SANs are ambiguous and yield empty rather than a guess.
     */
    public static Optional<String> agentIdOf(X509Certificate certificate) {
        requireNonNull(certificate, "certificate is null");
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
        if (names == null) {
            return Optional.empty();
        }
        List<String> agentUris = names.stream()
                .filter(name -> name.size() == 2 && Integer.valueOf(URI_SAN).equals(name.get(0)))
                .map(name -> name.get(1))
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .filter(uri -> uri.startsWith(SPIFFE_PREFIX))
                .toList();
        if (agentUris.size() != 1) {
            return Optional.empty();
        }
        String agentId = agentUris.get(0).substring(SPIFFE_PREFIX.length());
        return isValidAgentId(agentId) ? Optional.of(agentId) : Optional.empty();
    }
}
