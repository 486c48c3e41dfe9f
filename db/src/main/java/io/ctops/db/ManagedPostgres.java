package io.ctops.db;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.util.Objects.requireNonNull;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL that CT-Ops runs for itself when no {@code DATABASE_URL} is set: a cluster in a
 * directory {@code <dir>} of the data dir, listening on 127.0.0.1 only, with a database {@code ctops}
 * and a random password. Beside the cluster it keeps {@code <dir>.password} (mode 0600),
 * {@code <dir>.port} (reused on the next start while free) and {@code <dir>.log} (initdb, pg_ctl
 * and server output). It uses the installed PostgreSQL (initdb/pg_ctl on PATH, else the newest
 * {@code /usr/lib/postgresql/<version>/bin}), else the binaries packaged with the server. As root
 * it runs PostgreSQL as user {@code postgres} (or {@code nobody}) through {@code runuser}.
 */
public final class ManagedPostgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedPostgres.class);
    private static final String DATABASE = "ctops";
    private static final String HOW_TO_FIX =
            "Install PostgreSQL (apt-get install postgresql) or set DATABASE_URL to an existing PostgreSQL database.";
    private static final int SOCKET_DIR_MAX = 90; // a socket path must fit in 107 bytes

    private final Path cluster;
    private final Path log;
    private final Path passwordFile;
    private final Path portFile;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private Path binDir;
    private List<String> runAs = List.of();
    private EmbeddedPostgres packaged;
    private DatabaseUrl url;

    private ManagedPostgres(Path cluster) {
        this.cluster = cluster;
        String base = cluster.getFileName().toString();
        this.log = cluster.resolveSibling(base + ".log");
        this.passwordFile = cluster.resolveSibling(base + ".password");
        this.portFile = cluster.resolveSibling(base + ".port");
    }

    /**
     * Starts the cluster in {@code clusterDir}, creating it on first use, and returns once the
     * database {@code ctops} accepts connections.
     *
     * @throws ManagedPostgresException if the directory cannot be used or PostgreSQL does not start
     */
    public static ManagedPostgres start(Path clusterDir) {
        return start(clusterDir, false);
    }

    static ManagedPostgres start(Path clusterDir, boolean packagedOnly) {
        Path cluster = requireNonNull(clusterDir, "clusterDir is null").toAbsolutePath().normalize();
        if (cluster.getParent() == null) {
            throw new ManagedPostgresException("Cannot use " + cluster + " as a PostgreSQL cluster directory");
        }
        ManagedPostgres pg = new ManagedPostgres(cluster);
        try {
            Files.createDirectories(cluster);
            Files.writeString(pg.log, "", CREATE, APPEND);
        } catch (IOException e) {
            throw new ManagedPostgresException("Cannot use " + cluster + " for the managed PostgreSQL (" + e
                    + "): choose a writable data directory or set DATABASE_URL to an existing PostgreSQL database.", e);
        }
        boolean fresh = !Files.exists(cluster.resolve("PG_VERSION"));
        boolean hasFiles = io("Cannot read " + cluster, () -> {
            try (Stream<Path> files = Files.list(cluster)) {
                return files.findAny().isPresent();
            }
        });
        if (fresh && hasFiles) {
            throw new ManagedPostgresException(cluster + " is not empty and holds no PostgreSQL cluster: "
                    + "empty it or choose another data directory.");
        }
        pg.binDir = packagedOnly ? null : findBinaries();
        if (pg.binDir == null) {
            pg.startPackaged(fresh);
        } else {
            pg.startInstalled(fresh);
        }
        pg.createDatabase();
        return pg;
    }

    /** How to connect to the database {@code ctops} on 127.0.0.1. */
    public DatabaseUrl url() {
        return url;
    }

    /** Stops the server ({@code pg_ctl stop -m fast}); calling it again does nothing. */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        if (packaged != null) {
            io("Cannot stop PostgreSQL in " + cluster, () -> { packaged.close(); return null; });
        } else if (pgCtl("status") == 0) {
            check(pgCtl("stop", "-m", "fast", "-w", "-t", "60"), "pg_ctl stop");
        } else {
            LOG.info("PostgreSQL was not running (cluster {})", cluster);
            return;
        }
        LOG.info("Stopped PostgreSQL (cluster {})", cluster);
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private void startInstalled(boolean fresh) {
        LOG.info("Using the PostgreSQL binaries in {}", binDir);
        if ("root".equals(System.getProperty("user.name"))) {
            runAsUnprivilegedUser();
        }
        String password = password(fresh);
        if (fresh) {
            LOG.info("Creating a PostgreSQL cluster in {} (user {}, scram-sha-256)", cluster, DATABASE);
            giveToRunUser(passwordFile);
            check(run(binDir.resolve("initdb").toString(), "-D", cluster.toString(), "-U", DATABASE,
                    "--auth=scram-sha-256", "--pwfile=" + passwordFile, "-E", "UTF8", "--no-locale"), "initdb");
            write(cluster.resolve("postgresql.conf"), "\ninclude_if_exists = 'ctops.conf'\n", APPEND);
        }
        int port;
        if (pgCtl("status") == 0) { // e.g. left running by a process that crashed
            port = io("Cannot read the port of the running server in " + cluster,
                    () -> Integer.parseInt(Files.readAllLines(cluster.resolve("postmaster.pid")).get(3).strip()));
            LOG.info("Reusing the PostgreSQL already running on 127.0.0.1:{} (cluster {})", port, cluster);
        } else {
            port = choosePort();
            String sockets = cluster.toString().length() <= SOCKET_DIR_MAX ? cluster.toString() : "";
            write(cluster.resolve("ctops.conf"), "# Written by CT-Ops on every start.\nlisten_addresses = '127.0.0.1'\n"
                    + "port = " + port + "\nunix_socket_directories = '" + sockets.replace("'", "''") + "'\n");
            giveToRunUser(cluster.resolve("ctops.conf"));
            LOG.info("Starting PostgreSQL on 127.0.0.1:{} (cluster {}, log {})", port, cluster, log);
            check(pgCtl("start", "-l", log.toString(), "-w", "-t", "120"), "pg_ctl start"); // handles a stale postmaster.pid
        }
        url = new DatabaseUrl("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, DATABASE, password);
    }

    private void startPackaged(boolean fresh) {
        LOG.info("No PostgreSQL installed; using the packaged PostgreSQL binaries");
        String password = password(fresh);
        int port = choosePort();
        try {
            packaged = EmbeddedPostgres.builder()
                    .setDataDirectory(cluster).setCleanDataDirectory(false).setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setLocaleConfig("auth-host", "scram-sha-256") // extra initdb options
                    .setLocaleConfig("auth-local", "scram-sha-256")
                    .setLocaleConfig("pwfile", passwordFile.toString())
                    .setConnectConfig("password", password)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new ManagedPostgresException("Neither an installed nor the packaged PostgreSQL could be started in "
                    + cluster + " (" + e + "). " + HOW_TO_FIX + logTail(), e);
        }
        LOG.info("Started the packaged PostgreSQL on 127.0.0.1:{} (cluster {}, log {})", port, cluster, log);
        url = new DatabaseUrl("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, "postgres", password);
    }

    private void createDatabase() {
        try (Connection connection = DriverManager.getConnection(
                        url.withDatabase("postgres").jdbcUrl(), url.user(), url.password());
                Statement statement = connection.createStatement()) {
            if (!statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'").next()) {
                statement.execute("CREATE DATABASE " + DATABASE);
                LOG.info("Created database {}", DATABASE);
            }
        } catch (SQLException e) {
            stop();
            throw new ManagedPostgresException("PostgreSQL started but cannot be used through " + url.jdbcUrl()
                    + ": " + e.getMessage(), e);
        }
    }

    /** initdb and pg_ctl from PATH, else from the newest /usr/lib/postgresql/<version>/bin; null if none. */
    private static Path findBinaries() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path pgCtl = Path.of(dir.isEmpty() ? "." : dir, "pg_ctl");
            if (Files.isExecutable(pgCtl) && Files.isExecutable(pgCtl.resolveSibling("initdb"))) {
                try {
                    return pgCtl.toRealPath().getParent(); // e.g. /usr/local/bin/pg_ctl -> /usr/lib/postgresql/15/bin
                } catch (IOException e) {
                    LOG.debug("Skipping {}: {}", pgCtl, e.toString());
                }
            }
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("pg_ctl")) && Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparingInt(ManagedPostgres::majorVersion)).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static int majorVersion(Path bin) {
        String name = bin.getParent().getFileName().toString().replaceAll("\\..*", "");
        return name.matches("\\d{1,4}") ? Integer.parseInt(name) : -1;
    }

    /** initdb and postgres refuse root: hand the cluster to postgres (or nobody) and run through runuser. */
    private void runAsUnprivilegedUser() {
        String user = "postgres";
        try {
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(user);
        } catch (UserPrincipalNotFoundException e) {
            user = "nobody";
        } catch (IOException e) {
            throw new ManagedPostgresException("Cannot look up user postgres: " + e, e);
        }
        runAs = List.of("runuser", "-u", user, "--");
        giveToRunUser(cluster);
        giveToRunUser(log);
        if (run("test", "-w", cluster.toString(), "-a", "-w", log.toString()) != 0) {
            throw new ManagedPostgresException("PostgreSQL refuses to run as root, and user " + user + " cannot write "
                    + cluster + ": make its parent directories accessible (chmod o+x), choose a data directory "
                    + "outside root's home, or set DATABASE_URL to an existing PostgreSQL database.");
        }
        LOG.info("Running as root: PostgreSQL runs as user {}", user);
    }

    private void giveToRunUser(Path path) {
        if (!runAs.isEmpty()) {
            io("Cannot hand " + path + " to user " + runAs.get(2), () -> Files.setOwner(path,
                    FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(runAs.get(2))));
        }
    }

    private String password(boolean mayCreate) {
        if (Files.exists(passwordFile)) {
            return io("Cannot read " + passwordFile, () -> Files.readString(passwordFile, UTF_8).strip());
        }
        if (!mayCreate) {
            throw new ManagedPostgresException("The cluster " + cluster + " exists but its password file " + passwordFile
                    + " is missing: restore it, or move the cluster away to create a new one.");
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        io("Cannot create " + passwordFile, () -> Files.writeString(Files.createFile(passwordFile,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))), password + "\n"));
        LOG.info("Wrote a new database password to {}", passwordFile);
        return password;
    }

    private int choosePort() {
        return io("Cannot choose a port (" + portFile + ")", () -> {
            String saved = Files.exists(portFile) ? Files.readString(portFile).strip() : "";
            if (saved.matches("\\d{1,5}") && isFree(Integer.parseInt(saved))) {
                return Integer.parseInt(saved);
            }
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                Files.writeString(portFile, socket.getLocalPort() + "\n");
                return socket.getLocalPort();
            }
        });
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private int pgCtl(String action, String... options) {
        List<String> command = new ArrayList<>(List.of(binDir.resolve("pg_ctl").toString(), action, "-D", cluster.toString()));
        command.addAll(List.of(options));
        return run(command.toArray(String[]::new));
    }

    /** Runs a command (as the run user) with its output appended to the log; returns its exit code. */
    private int run(String... command) {
        List<String> full = new ArrayList<>(runAs);
        full.addAll(List.of(command));
        write(log, "=== " + Instant.now() + " " + String.join(" ", command) + "\n", APPEND);
        ProcessBuilder builder = new ProcessBuilder(full).directory(cluster.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
        try {
            Process process = builder.start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new ManagedPostgresException(command[0] + " did not finish within 180 s." + logTail());
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new ManagedPostgresException("Cannot run " + full.get(0) + ": " + e + ". " + HOW_TO_FIX, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ManagedPostgresException("Interrupted while running " + command[0], e);
        }
    }

    private void check(int exitCode, String what) {
        if (exitCode != 0) {
            throw new ManagedPostgresException(what + " failed (exit code " + exitCode + ") for " + cluster + "." + logTail());
        }
    }

    private String logTail() {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            byte[] tail = new byte[(int) Math.min(file.length(), 2048)];
            file.seek(file.length() - tail.length);
            file.readFully(tail);
            return " Last lines of " + log + ":\n" + new String(tail, UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static void write(Path file, String text, java.nio.file.OpenOption... options) {
        io("Cannot write " + file, () -> Files.writeString(file, text, UTF_8, options));
    }

    private interface IoAction<T> {
        T run() throws IOException;
    }

    private static <T> T io(String failure, IoAction<T> action) {
        try {
            return action.run();
        } catch (IOException | RuntimeException e) {
            throw e instanceof ManagedPostgresException m ? m : new ManagedPostgresException(failure + ": " + e, e);
        }
    }
}
