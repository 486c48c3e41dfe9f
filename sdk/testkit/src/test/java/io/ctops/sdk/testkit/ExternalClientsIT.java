package io.ctops.sdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ctops.core.identity.NewEnrolmentToken;
import io.ctops.core.pki.AgentIdentity;
import io.ctops.proto.agent.v1.AgentStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ingest TLS and JWT contract checked from outside the JVM with clients the team did not
 * write: {@code @grpc/grpc-js} and {@code jose} under Node (scripts in {@code src/test/node}), and
 * the {@code openssl} command line. Needs {@code node}, {@code npm} and {@code openssl} on the PATH;
 * {@code npm ci} is run when {@code src/test/node/node_modules} is missing.
 */
class ExternalClientsIT {

    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration NPM_TIMEOUT = Duration.ofSeconds(300);
    private static final String PROTO = "proto/src/main/proto/ctops/agent/v1/agent.proto";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final CtopsTestServer server = CtopsTestServer.withPluginJars();

    private static UUID org;
    private static Path caPem;
    private static boolean nodeModulesReady;

    @BeforeAll
    static void organisationAndCa() throws IOException {
        org = server.createOrganisation("external-clients-it");
        caPem = Files.writeString(server.scratchDir().resolve("agent-ca.pem"), TestAgent.pem(server.agentCaCertificate()));
    }

    @Test
    void grpcJsIsRefusedWithoutClientCertificateAndRegistersWithItsOwnCsr() {
        Path node = nodeDir();
        installNodeModules(node);
        String token = autoApproveToken();

        Run run = run(node, PROCESS_TIMEOUT, "node", node.resolve("ingest-check.mjs").toString(),
                "--address", "localhost:" + server.grpcPort(),
                "--ca", caPem.toString(),
                "--proto", protoFile().toString(),
                "--token", token,
                "--hostname", "node-grpc-js");
        assertEquals(0, run.exitCode(), run::describe);
        JsonNode result = lastJsonLine(run);
        System.out.println("ingest-check.mjs: " + result);

        JsonNode refused = result.path("heartbeatWithoutCertificate");
        assertFalse(refused.path("ok").asBoolean(true), () -> "Heartbeat without a client certificate was answered\n" + run.describe());
        int code = refused.path("code").asInt(-1);
        String details = refused.path("details").asText("");
        boolean unauthenticated = code == 16 && details.contains("client certificate required");
        // UNAVAILABLE with a TLS reason: the server refused the handshake itself (also a refusal).
        boolean handshakeRefused = code == 14 && details.toLowerCase().matches("(?s).*(handshake|certificate|ssl|tls).*");
        assertTrue(unauthenticated || handshakeRefused,
                () -> "expected UNAUTHENTICATED (16) \"client certificate required\" or a refused handshake, got "
                        + refused + "\n" + run.describe());

        JsonNode register = result.path("register");
        assertTrue(register.path("ok").asBoolean(false), () -> "Register failed\n" + run.describe());
        assertEquals(AgentStatus.AGENT_STATUS_ACTIVE.name(), register.path("status").asText(), run::describe);
        String agentId = register.path("agent_id").asText("");
        assertFalse(agentId.isBlank(), run::describe);
        assertTrue(register.path("hasClientCertificate").asBoolean(false), run::describe);
        assertTrue(register.path("hasJwt").asBoolean(false), run::describe);
        assertTrue(register.path("certificateIssuedByCa").asBoolean(false), () -> "issued certificate does not chain to the CA\n" + run.describe());
        assertTrue(register.path("certificateMatchesKey").asBoolean(false), () -> "issued certificate is not for the Node key\n" + run.describe());
        assertTrue(register.path("certificateSubjectAltName").asText("").contains(AgentIdentity.SPIFFE_PREFIX + agentId), run::describe);

        JsonNode mutual = result.path("heartbeatWithCertificate");
        assertTrue(mutual.path("ok").asBoolean(false), () -> "Heartbeat over mutual TLS with the JWT failed\n" + run.describe());
        assertEquals("42", mutual.path("ack_sequence").asText(), run::describe);
    }

    @Test
    void opensslVerifiesTheIngestCertificateAgainstTheAgentCa() throws Exception {
        Run run = run(Path.of("").toAbsolutePath(), PROCESS_TIMEOUT, "openssl", "s_client",
                "-connect", "localhost:" + server.grpcPort(),
                "-CAfile", caPem.toString(),
                "-servername", "localhost",
                "-showcerts");
        String output = run.stdout() + run.stderr();
        assertTrue(output.contains("Verify return code: 0 (ok)"), run::describe);

        List<X509Certificate> chain = certificatesIn(run.stdout());
        assertFalse(chain.isEmpty(), () -> "openssl printed no server certificate\n" + run.describe());
        X509Certificate ca = server.agentCaCertificate();
        List<X509Certificate> path = new ArrayList<>(chain.stream().filter(c -> !c.equals(ca)).toList());
        assertFalse(path.isEmpty(), () -> "the server presented only the CA itself\n" + run.describe());
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        parameters.setRevocationEnabled(false);
        try {
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
        } catch (java.security.cert.CertPathValidatorException e) {
            fail("server chain does not validate to the agent CA: " + e.getMessage() + "\n" + run.describe(), e);
        }
        assertTrue(path.get(0).getSubjectAlternativeNames().stream().anyMatch(name -> "localhost".equals(name.get(1))),
                () -> "server certificate does not name localhost: " + path.get(0));
    }

    @Test
    void joseVerifiesTheAgentJwtAgainstThePublishedJwksAndRejectsATamperedOne() {
        Path node = nodeDir();
        installNodeModules(node);
        try (TestAgent agent = TestAgent.create("jose-01", "10.0.0.31")) {
            assertEquals(AgentStatus.AGENT_STATUS_ACTIVE, agent.register(server, autoApproveToken()).getStatus());
            String jwt = agent.jwt();
            String jwksUrl = server.baseUrl() + "/.well-known/jwks.json";

            Run good = run(node, PROCESS_TIMEOUT, "node", node.resolve("jwt-check.mjs").toString(), "--jwks-url", jwksUrl, "--jwt", jwt);
            assertEquals(0, good.exitCode(), good::describe);
            JsonNode verified = lastJsonLine(good);
            System.out.println("jwt-check.mjs (as issued): " + verified);
            assertTrue(verified.path("verified").asBoolean(false), good::describe);
            assertEquals(agent.agentId(), verified.path("sub").asText(), good::describe);
            String kid = verified.path("kid").asText("");
            assertFalse(kid.isBlank(), good::describe);
            assertTrue(server.get("/.well-known/jwks.json").body().contains("\"" + kid + "\""), () -> "kid " + kid + " not in the JWKS");

            String tampered = tamperSignature(jwt);
            Run bad = run(node, PROCESS_TIMEOUT, "node", node.resolve("jwt-check.mjs").toString(), "--jwks-url", jwksUrl, "--jwt", tampered);
            assertEquals(0, bad.exitCode(), bad::describe);
            JsonNode rejected = lastJsonLine(bad);
            System.out.println("jwt-check.mjs (tampered): " + rejected);
            assertFalse(rejected.path("verified").asBoolean(true), () -> "a tampered JWT verified\n" + bad.describe());
            assertTrue(rejected.path("error").asText("").contains("signature"), bad::describe);
        }
    }

    /** Changes one character in the middle of the signature (the last one may only hold padding bits). */
    private static String tamperSignature(String jwt) {
        int signatureStart = jwt.lastIndexOf('.') + 1;
        int at = signatureStart + (jwt.length() - signatureStart) / 2;
        char replacement = jwt.charAt(at) == 'A' ? 'B' : 'A';
        String tampered = jwt.substring(0, at) + replacement + jwt.substring(at + 1);
        assertNotEquals(jwt, tampered);
        return tampered;
    }

    private static String autoApproveToken() {
        return server.identity().tokens()
                .create(org, NewEnrolmentToken.named("external-" + UUID.randomUUID(), true), "admin").secret();
    }

    // ---- processes ---------------------------------------------------------------------------

    private record Run(List<String> command, int exitCode, String stdout, String stderr) {
        String describe() {
            return "$ " + String.join(" ", command) + "\nexit: " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    /** Runs a command with empty standard input; kills it and fails after the timeout. */
    private static Run run(Path workDir, Duration timeout, String... command) {
        List<String> commandLine = List.of(command);
        try {
            Path out = Files.createTempFile(server.scratchDir(), "out-", ".txt");
            Path err = Files.createTempFile(server.scratchDir(), "err-", ".txt");
            Process process;
            try {
                process = new ProcessBuilder(commandLine).directory(workDir.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            } catch (IOException e) {
                throw new AssertionError("cannot start `" + command[0] + "` (is it installed and on the PATH?): " + e.getMessage(), e);
            }
            process.getOutputStream().close();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Run run = new Run(commandLine, finished ? process.exitValue() : -1, Files.readString(out), Files.readString(err));
            if (!finished) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s\n" + run.describe());
            }
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + commandLine, e);
        }
    }

    private static synchronized void installNodeModules(Path node) {
        if (nodeModulesReady) {
            return;
        }
        Path modules = node.resolve("node_modules");
        if (!Files.isDirectory(modules.resolve("@grpc/grpc-js")) || !Files.isDirectory(modules.resolve("@grpc/proto-loader"))
                || !Files.isDirectory(modules.resolve("jose"))) {
            Run npm;
            try {
                npm = run(node, NPM_TIMEOUT, "npm", "ci", "--no-audit", "--no-fund");
            } catch (AssertionError e) {
                throw new AssertionError("`npm ci` in " + node + " did not complete: npm (with Node 18+) and the npm registry "
                        + "are needed for this test\n" + e.getMessage(), e);
            }
            assertEquals(0, npm.exitCode(), () -> "`npm ci` failed in " + node + "; npm and the npm registry are needed for this test\n"
                    + npm.describe());
        }
        nodeModulesReady = true;
    }

    private static JsonNode lastJsonLine(Run run) {
        String[] lines = run.stdout().strip().split("\\R");
        String last = lines[lines.length - 1];
        try {
            return JSON.readTree(last);
        } catch (IOException e) {
            throw new AssertionError("no JSON line on stdout\n" + run.describe(), e);
        }
    }

    private static List<X509Certificate> certificatesIn(String text) throws CertificateException {
        Matcher pem = Pattern.compile("-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", Pattern.DOTALL).matcher(text);
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certificates = new ArrayList<>();
        while (pem.find()) {
            certificates.add((X509Certificate) factory.generateCertificate(
                    new ByteArrayInputStream(pem.group().getBytes(StandardCharsets.US_ASCII))));
        }
        return certificates;
    }

    // ---- locations ---------------------------------------------------------------------------

    /** The module's {@code src/test/node}, found from the working directory (module or reactor root). */
    private static Path nodeDir() {
        return findUp("src/test/node/ingest-check.mjs", "sdk/testkit/src/test/node/ingest-check.mjs").getParent();
    }

    private static Path protoFile() {
        return findUp(PROTO);
    }

    private static Path findUp(String... candidates) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (String candidate : candidates) {
                Path file = dir.resolve(candidate);
                if (Files.isRegularFile(file)) {
                    return file;
                }
            }
        }
        throw new AssertionError("none of " + List.of(candidates) + " found above " + Path.of("").toAbsolutePath());
    }
}
