package io.ctops.agent.install;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * Where {@code install} puts things. Every path has two forms: the one the installed service sees
 * (written into the unit and the configuration, e.g. {@code /etc/ctops-agent/agent.toml}) and the
 * one written to on this machine, below {@code --root} (the same when the root is {@code /}).
 *
 * @param root the directory the files go below; {@code /} for a real install
 */
public record InstallLayout(Path root) {

    public static final Path CONFIG_DIR = Path.of("/etc/ctops-agent");
    public static final Path CONFIG_FILE = CONFIG_DIR.resolve("agent.toml");
    public static final Path CA_FILE = CONFIG_DIR.resolve("ca.pem");
    public static final Path DATA_DIR = Path.of("/var/lib/ctops-agent");
    public static final String SERVICE = "ctops-agent.service";
    public static final Path UNIT_FILE = Path.of("/etc/systemd/system").resolve(SERVICE);
    /** The system user and group the service runs as. */
    public static final String ACCOUNT = "ctops";

    public InstallLayout {
        requireNonNull(root, "root is null");
        root = root.toAbsolutePath().normalize();
    }

    /** {@return where a path of the installed system is written on this machine} */
    public Path onDisk(Path installed) {
        return root.resolve(Path.of("/").relativize(installed));
    }

    /** {@return whether files go to this machine's own /etc and /var} */
    public boolean isSystemRoot() {
        return root.getParent() == null;
    }
}
