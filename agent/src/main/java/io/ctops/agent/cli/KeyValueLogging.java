package io.ctops.agent.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The agent's logging: java.util.logging (SLF4J binds to it) writing key=value lines to stderr, so
 * journald and log shippers split them without a custom parser, and stdout stays free for command
 * output. The JDK's logging is already loaded for gRPC; a logging framework on top cost the agent
 * about 500 classes of resident metadata.
 */
public final class KeyValueLogging {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private KeyValueLogging() {
    }

    /** Routes all logging to stderr at {@code CT_OPS_AGENT_LOG_LEVEL} (TRACE, DEBUG, INFO default, WARN, ERROR). */
    public static void configure(Map<String, String> env) {
        LogManager.getLogManager().reset();
        Level level = level(env.get("CT_OPS_AGENT_LOG_LEVEL"));
        Handler handler = new ConsoleHandler();
        handler.setFormatter(new KeyValueFormatter());
        handler.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        root.setLevel(level);
        // PF4J narrates every step and warns about what the plugin host reports itself, more clearly
        Logger.getLogger("org.pf4j").setLevel(Level.SEVERE);
    }

    static Level level(String name) {
        if (name == null || name.isBlank()) {
            return Level.INFO;
        }
        return switch (name.strip().toUpperCase(Locale.ROOT)) {
            case "TRACE" -> Level.FINEST;
            case "DEBUG" -> Level.FINE;
            case "WARN", "WARNING" -> Level.WARNING;
            case "ERROR" -> Level.SEVERE;
            default -> Level.INFO;
        };
    }

    /** {@code ts=... level=INFO logger=Name thread=main msg="..."}, a stack trace indented below. */
    static final class KeyValueFormatter extends Formatter {
        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder(160)
                    .append("ts=").append(TIME.format(Instant.ofEpochMilli(record.getMillis())))
                    .append(" level=").append(levelName(record.getLevel()))
                    .append(" logger=").append(simpleName(record.getLoggerName()))
                    .append(" thread=").append(Thread.currentThread().getName())
                    .append(" msg=\"").append(formatMessage(record).replace("\\", "\\\\").replace("\"", "\\\"")
                            .replace("\n", "\\n")).append("\"\n");
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                trace.toString().lines().forEach(l -> line.append("  ").append(l).append('\n'));
            }
            return line.toString();
        }

        private static String levelName(Level level) {
            int value = level.intValue();
            if (value >= Level.SEVERE.intValue()) {
                return "ERROR";
            }
            if (value >= Level.WARNING.intValue()) {
                return "WARN";
            }
            if (value >= Level.INFO.intValue()) {
                return "INFO";
            }
            return value >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
        }

        private static String simpleName(String logger) {
            if (logger == null) {
                return "-";
            }
            int dot = logger.lastIndexOf('.');
            return dot < 0 ? logger : logger.substring(dot + 1);
        }
    }
}
