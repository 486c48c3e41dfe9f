package io.ctops.agent.host;

import java.util.ArrayList;
import java.util.List;

/** Turns an exception and its causes into one readable line for the log. */
final class Reasons {

    private Reasons() {
    }

    /**
     * {@return the messages of the exception and its causes, outermost first, joined by ": ",
     * skipping a cause whose message its wrapper already repeats}
     */
    static String of(Throwable failure) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = failure; t != null && parts.size() < 5; t = t.getCause()) {
            String message = t.getMessage() == null || t.getMessage().isBlank()
                    ? t.getClass().getSimpleName()
                    : t.getMessage().replaceAll("\\s*\\R\\s*", " ").trim();
            if (parts.isEmpty() || !parts.get(parts.size() - 1).contains(message)) {
                parts.add(message);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return String.join(": ", parts);
    }
}
