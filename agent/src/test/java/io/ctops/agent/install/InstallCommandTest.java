package io.ctops.agent.install;

import io.ctops.agent.AgentMainAccess;
import io.ctops.agent.config.ConfigFile;
import io.ctops.agent.testing.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code install} and {@code uninstall} into a temporary root. The files, their modes and owners are
 * real; the operating system's user and service manager are stood in for by scripts first on PATH
 * that record each command (getent answers from the accounts useradd "created"), because this
 * test must not add users to, or start services on, the machine it runs on.
 */
class InstallCommandTest {

    private static final String UID = "996";
    private static final String GID = "995";
    private static final String TOKEN = "s3cret-token-\"quoted\"";

    @TempDir
    Path temp;

    private Path root;
    private Path home;
    private Path commandLog;
    private Path caFile;
    private Map<String, String> env;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void standIns() throws IOException {
        root = Files.createDirectory(temp.resolve("root"));
        home = temp.resolve("opt/ctops-agent-1.0");
        executable(home.resolve("bin/ctops-agent"), "#!/bin/sh\nexit 0\n");
        Path bin = Files.createDirectory(temp.resolve("bin"));
        Path accounts = Files.createDirectory(temp.resolve("accounts"));
        commandLog = temp.resolve("commands.log");
        String record = "echo \"$(basename \"$0\") $*\" >> \"$COMMAND_LOG\"\n";
        executable(bin.resolve("systemctl"), "#!/bin/sh\n" + record);
        executable(bin.resolve("getent"), "#!/bin/sh\n" + record
                + "grep \"^$2:\" \"$ACCOUNTS/$1\" 2>/dev/null || exit 2\n");
        executable(bin.resolve("useradd"), "#!/bin/sh\n" + record
                + "for name; do :; done\n"
                + "echo \"$name:x:" + UID + ":" + GID + "::/nonexistent:/usr/sbin/nologin\" >> \"$ACCOUNTS/passwd\"\n"
                + "echo \"$name:x:" + GID + ":\" >> \"$ACCOUNTS/group\"\n");
        // as Debian's userdel with USERGROUPS_ENAB: the user's own group goes with it
        executable(bin.resolve("userdel"), "#!/bin/sh\n" + record
                + "sed -i \"/^$1:/d\" \"$ACCOUNTS/passwd\" \"$ACCOUNTS/group\"\n");
        executable(bin.resolve("groupdel"), "#!/bin/sh\n" + record + "sed -i \"/^$1:/d\" \"$ACCOUNTS/group\"\n");
        env = new HashMap<>(Map.of(
                "PATH", bin + ":/usr/bin:/bin",
                "COMMAND_LOG", commandLog.toString(),
                "ACCOUNTS", accounts.toString(),
                InstallRequest.AGENT_HOME_ENV, home.toString()));
        caFile = Files.writeString(temp.resolve("ingest-ca.pem"), TestCertificates.ca("ingest CA").pem());
    }

    private static void executable(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private int main(String... args) {
        out.reset();
        err.reset();
        return AgentMainAccess.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    private List<String> commands() throws IOException {
        List<String> lines = Files.exists(commandLog) ? Files.readAllLines(commandLog) : List.of();
        Files.deleteIfExists(commandLog);
        return lines;
    }

    private Path onDisk(Path installed) {
        return new InstallLayout(root).onDisk(installed);
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private static String owner(Path file) throws IOException {
        return Files.getAttribute(file, "unix:uid") + ":" + Files.getAttribute(file, "unix:gid");
    }

    private List<String> filesBelowRoot() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(path -> !path.equals(root)).map(Path::toString).toList();
        }
    }

    private static void requireRoot() {
        assumeTrue(ProcessOwner.current().effectiveUid() == 0, "install needs root; this test runs as another user");
    }

    @Test
    void installsConfigurationDataDirectoryAndUnitThenEnablesAndStartsIt() throws Exception {
        requireRoot();

        int status = main("install", "--token", TOKEN, "--address", "ingest-1.example.org:9443",
                "--address", "[2001:db8::1]", "--tag", "env=prod", "--tag", "rack:r1/a", "--ca-cert", caFile.toString(),
                "--root", root.toString());

        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(
                "getent passwd ctops",
                "getent group ctops",
                "useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin"
                        + " --comment CT-Ops agent ctops",
                "getent passwd ctops",
                "systemctl daemon-reload",
                "systemctl enable --now ctops-agent.service"), commands());

        Path config = onDisk(InstallLayout.CONFIG_FILE);
        assertEquals("rw-r-----", mode(config));
        assertEquals("0:" + GID, owner(config));
        assertEquals("rwxr-x---", mode(onDisk(InstallLayout.CONFIG_DIR)));
        // read back by the agent's own configuration reader
        ConfigFile read = ConfigFile.read(config);
        assertEquals(Optional.of(List.of("ingest-1.example.org:9443", "[2001:db8::1]:9443")), read.addresses());
        assertEquals(Optional.of(TOKEN), read.orgToken());
        assertEquals(Optional.of(InstallLayout.CA_FILE), read.caCertFile());
        assertEquals(Optional.of(InstallLayout.DATA_DIR), read.dataDir());
        assertEquals(Map.of("env", "prod", "rack", "r1/a"), read.tags());

        Path ca = onDisk(InstallLayout.CA_FILE);
        assertEquals(Files.readString(caFile), Files.readString(ca));
        assertEquals("rw-r-----", mode(ca));
        assertEquals("0:" + GID, owner(ca));

        Path data = onDisk(InstallLayout.DATA_DIR);
        assertEquals("rwx------", mode(data));
        assertEquals(UID + ":" + GID, owner(data));

        Path unit = onDisk(InstallLayout.UNIT_FILE);
        assertEquals("rw-r--r--", mode(unit));
        String text = Files.readString(unit);
        for (String line : List.of("User=ctops", "Group=ctops",
                "ExecStart=" + home.resolve("bin/ctops-agent") + " run --config /etc/ctops-agent/agent.toml",
                "Restart=on-failure", "RestartSec=10", "NoNewPrivileges=yes", "ProtectSystem=strict",
                "ReadWritePaths=/var/lib/ctops-agent", "PrivateTmp=yes", "Environment=CT_OPS_AGENT_CDS_DIR=/var/lib/ctops-agent/cds", "WantedBy=multi-user.target")) {
            assertTrue(text.lines().anyMatch(line::equals), "unit lacks " + line + ":\n" + text);
        }
        verifiedBySystemd(unit);

        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("user ctops: created"), printed);
        assertTrue(printed.contains("systemctl enable --now ctops-agent.service"), printed);
        assertFalse(printed.contains("s3cret"), "the token is never printed");
    }

    /** systemd's own parser: unknown keys, bad values and a missing ExecStart program are reported. */
    private static void verifiedBySystemd(Path unit) throws Exception {
        Optional<Path> analyze = Stream.of("/usr/bin/systemd-analyze", "/bin/systemd-analyze").map(Path::of)
                .filter(Files::isExecutable).findFirst();
        if (analyze.isEmpty()) {
            System.err.println("InstallCommandTest: systemd-analyze not installed; unit not verified by systemd");
            return;
        }
        Process verify = new ProcessBuilder(analyze.get().toString(), "verify", unit.toString())
                .redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(verify.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, verify.exitValue(), output);
        assertEquals("", output.strip(), "systemd-analyze verify complained");
    }

    @Test
    void runningItAgainUpdatesTheConfigurationAndRestarts() throws Exception {
        requireRoot();
        assertEquals(0, main("install", "--token", TOKEN, "--address", "a.example.org", "--ca-cert", caFile.toString(),
                "--root", root.toString()));
        commands();
        Path data = onDisk(InstallLayout.DATA_DIR);
        Files.writeString(data.resolve("agent.key"), "kept");

        int status = main("install", "--token", TOKEN, "--address", "b.example.org:9444", "--tag", "env=staging",
                "--root", root.toString());

        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(
                "getent passwd ctops",
                "systemctl daemon-reload",
                "systemctl enable ctops-agent.service",
                "systemctl restart ctops-agent.service"), commands());
        ConfigFile read = ConfigFile.read(onDisk(InstallLayout.CONFIG_FILE));
        assertEquals(Optional.of(List.of("b.example.org:9444")), read.addresses());
        assertEquals(Map.of("env", "staging"), read.tags());
        assertEquals(Optional.of(InstallLayout.CA_FILE), read.caCertFile(), "the CA installed before stays in use");
        assertEquals("kept", Files.readString(data.resolve("agent.key")));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Updating"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void uninstallRemovesServiceAndConfigurationAndPurgeTheDataAndUser() throws Exception {
        requireRoot();
        assertEquals(0, main("install", "--token", TOKEN, "--address", "a.example.org", "--ca-cert", caFile.toString(),
                "--root", root.toString()));
        commands();
        Files.writeString(onDisk(InstallLayout.DATA_DIR).resolve("agent.key"), "identity");

        assertEquals(0, main("uninstall", "--root", root.toString()), err.toString(StandardCharsets.UTF_8));

        assertEquals(List.of("systemctl disable --now ctops-agent.service", "systemctl daemon-reload"), commands());
        assertFalse(Files.exists(onDisk(InstallLayout.UNIT_FILE)));
        assertFalse(Files.exists(onDisk(InstallLayout.CONFIG_DIR)));
        assertTrue(Files.exists(onDisk(InstallLayout.DATA_DIR).resolve("agent.key")), "kept without --purge");

        assertEquals(0, main("uninstall", "--purge", "--root", root.toString()), err.toString(StandardCharsets.UTF_8));

        assertEquals(List.of("getent passwd ctops", "userdel ctops", "getent group ctops"), commands(),
                "nothing left to stop; the user goes, its group with it");
        assertFalse(Files.exists(onDisk(InstallLayout.DATA_DIR)));
    }

    @Test
    void aCallerWhoIsNotRootIsRefusedAndNothingChanges() throws Exception {
        PrintStream printOut = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream printErr = new PrintStream(err, true, StandardCharsets.UTF_8);
        InstallRequest request = InstallRequest.from(io.ctops.agent.cli.Arguments.parse(List.of("install", "--token",
                TOKEN, "--address", "a.example.org", "--root", root.toString())), env);

        int status = new InstallCommand(printOut, printErr, new SystemCommands(env), () -> 1000).run(request);

        assertEquals(InstallCommand.FAILED, status);
        assertEquals("ctops-agent: install must run as root (it creates a system user and a systemd service); try sudo\n",
                err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(), filesBelowRoot());
        assertEquals(List.of(), commands());
        assertEquals(InstallCommand.FAILED, new UninstallCommand(printOut, printErr, new SystemCommands(env), () -> 1000)
                .run(new InstallLayout(root), true));
        assertEquals(List.of(), commands());
    }

    @Test
    void badInputIsOneLineNamingTheOptionAndChangesNothing() throws Exception {
        Map<List<String>, String> cases = Map.of(
                List.of("--address", "a.example.org"),
                "ctops-agent: install needs --token TOKEN (or CT_OPS_ORG_TOKEN): the enrolment token from the server"
                        + " (see 'ctops-agent help')",
                List.of("--token", "t"),
                "ctops-agent: install needs --address HOST:PORT (repeat it for fail-over addresses) (see 'ctops-agent help')",
                List.of("--token", "t", "--address", "a.example.org:99999"),
                "ctops-agent: --address: 'a.example.org:99999' has no valid port (1-65535)",
                List.of("--token", "t", "--address", "https://a.example.org"),
                "ctops-agent: --address: 'https://a.example.org' is not host:port (no scheme or path)",
                List.of("--token", "t", "--address", "a.example.org", "--tag", "bad key=x"),
                "ctops-agent: --tag: tag key 'bad key' must be 1-64 letters, digits or _ . : / -",
                List.of("--token", "t", "--address", "a.example.org", "--tag", "novalue"),
                "ctops-agent: --tag: 'novalue' is not key=value",
                List.of("--token", "t", "--address", "a.example.org", "--ca-cert", temp.resolve("missing.pem").toString()),
                "ctops-agent: --ca-cert: " + temp.resolve("missing.pem") + " is not a readable file");
        for (Map.Entry<List<String>, String> bad : cases.entrySet()) {
            List<String> args = new ArrayList<>(List.of("install"));
            args.addAll(bad.getKey());
            args.addAll(List.of("--root", root.toString()));

            assertEquals(2, main(args.toArray(String[]::new)), String.join(" ", args));
            assertEquals(bad.getValue() + "\n", err.toString(StandardCharsets.UTF_8), String.join(" ", args));
            assertEquals(List.of(), filesBelowRoot(), String.join(" ", args));
            assertEquals(List.of(), commands(), String.join(" ", args));
        }
    }

    @Test
    void theTokenComesFromTheEnvironmentWhenNotGivenAndIsNeverShown() {
        env.put("CT_OPS_ORG_TOKEN", "from-env");
        InstallRequest request = InstallRequest.from(io.ctops.agent.cli.Arguments.parse(List.of("install",
                "--address", "a.example.org", "--root", root.toString())), env);

        assertEquals("from-env", request.token());
        assertFalse(request.toString().contains("from-env"), request.toString());
    }

    @Test
    void processOwnerIsTheKernelsAnswer() throws Exception {
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(id.waitFor(10, TimeUnit.SECONDS));

        assertEquals(Integer.parseInt(uid), ProcessOwner.current().effectiveUid());
    }
}
