package io.ctops.agent.install;

/** A step of {@code install} or {@code uninstall} that failed; its message is one line. */
public final class InstallException extends Exception {

    private static final long serialVersionUID = 1L;

    public InstallException(String message) {
        super(message);
    }
}
