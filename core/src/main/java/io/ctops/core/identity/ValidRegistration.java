package io.ctops.core.identity;

import static io.ctops.core.identity.IdentityRefusal.Reason.INVALID_ARGUMENT;

import io.ctops.core.pki.CsrValidator;
import io.ctops.core.pki.EcKeys;
import io.ctops.core.pki.InvalidCsrException;
import io.ctops.core.pki.Pem;
import io.ctops.proto.agent.v1.PlatformInfo;
import io.ctops.proto.agent.v1.RegisterRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Register request that passed every check that needs no database: sizes, the key, the CSR and
 * the platform fields.
 */
record ValidRegistration(String token, PublicKey publicKey, String publicKeyPem, String fingerprint, byte[] csrDer,
                         String hostname, String os, String osVersion, String arch, String kernel,
                         List<String> ipAddresses, Map<String, String> tags, String agentVersion) {

    static final int MAX_HOSTNAME = 255;
    static final int MAX_IPS = 64;
    static final int MAX_FIELD = 255;
    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9_.-]{1,32})?");

    static ValidRegistration of(RegisterRequest request) {
        if (request.getOrgToken().isEmpty()) {
            throw new IdentityRefusal(IdentityRefusal.Reason.UNAUTHENTICATED, "enrolment token missing");
        }
        if (request.getOrgToken().length() > 128) {
            throw new IdentityRefusal(IdentityRefusal.Reason.UNAUTHENTICATED, "unknown enrolment token");
        }
        String pem = request.getPublicKeyPem();
        PublicKey key;
        try {
            if (pem.length() > 4096) {
                throw new IllegalArgumentException("too long");
            }
            key = Pem.readPublicKey(pem);
        } catch (IllegalArgumentException e) {
            throw new IdentityRefusal(INVALID_ARGUMENT, "public key is not a PEM public key");
        }
        if (!EcKeys.isP256(key)) {
            throw new IdentityRefusal(INVALID_ARGUMENT, "public key must be ECDSA P-256");
        }
        try {
            CsrValidator.validate(request.getCsrDer().toByteArray(), key);
        } catch (InvalidCsrException e) {
            throw new IdentityRefusal(INVALID_ARGUMENT, e.getMessage());
        }
        PlatformInfo platform = request.getPlatform();
        String hostname = platform.getHostname().strip();
        if (hostname.isEmpty() || hostname.length() > MAX_HOSTNAME || !HOSTNAME.matcher(hostname).matches()) {
            throw new IdentityRefusal(INVALID_ARGUMENT, "hostname must be 1-255 characters of letters, digits, '.', '-' or '_'");
        }
        if (platform.getIpAddressesCount() > MAX_IPS) {
            throw new IdentityRefusal(INVALID_ARGUMENT, "too many IP addresses (at most " + MAX_IPS + ")");
        }
        List<String> ips = new ArrayList<>();
        for (String ip : platform.getIpAddressesList()) {
            ips.add(canonicalIp(ip));
        }
        return new ValidRegistration(request.getOrgToken(), key, Pem.write(key), EcKeys.fingerprint(key),
                request.getCsrDer().toByteArray(), hostname,
                field("os", platform.getOs()), field("os_version", platform.getOsVersion()),
                field("arch", platform.getArch()), field("kernel", platform.getKernel()),
                List.copyOf(ips), Tags.validate(request.getTagsMap()), field("agent_version", request.getAgentVersion()));
    }

    /** Addresses worth matching duplicates on: loopback and link-local addresses are shared by every host. */
    List<String> identifyingIps() {
        return ipAddresses.stream().filter(ip -> {
            try {
                InetAddress address = InetAddress.getByName(ip);
                return !address.isLoopbackAddress() && !address.isLinkLocalAddress() && !address.isAnyLocalAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }).toList();
    }

    private static String canonicalIp(String ip) {
        // only literals: never let a registration trigger a DNS lookup
        if (ip.length() > 80 || !(IPV4.matcher(ip).matches() || IPV6.matcher(ip).matches())) {
            throw new IdentityRefusal(INVALID_ARGUMENT, "IP address is not an IPv4 or IPv6 literal");
        }
        try {
            return InetAddress.getByName(ip).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IdentityRefusal(INVALID_ARGUMENT, "IP address is not an IPv4 or IPv6 literal");
        }
    }

    private static String field(String name, String value) {
        if (value.length() > MAX_FIELD) {
            throw new IdentityRefusal(INVALID_ARGUMENT, name + " longer than " + MAX_FIELD + " characters");
        }
        return value.isBlank() ? null : value.strip();
    }

    @Override
    public String toString() {
        return "ValidRegistration[hostname=" + hostname + ", fingerprint=" + fingerprint + "]";
    }
}
