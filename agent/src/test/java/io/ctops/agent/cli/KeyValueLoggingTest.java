package io.ctops.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class KeyValueLoggingTest {

    @Test
    void aLineIsKeyValueWithTheMessageQuotedAndEscaped() {
        LogRecord record = new LogRecord(Level.WARNING, "Server {0} said \"no\"\nthen closed");
        record.setParameters(new Object[] {"ctops:9443"});
        record.setLoggerName("io.ctops.agent.transport.Connection");
        record.setMillis(0);
        String line = new KeyValueLogging.KeyValueFormatter().format(record);
        assertEquals("ts=1970-01-01T00:00:00.000Z level=WARN logger=Connection thread=" + Thread.currentThread().getName()
                + " msg=\"Server ctops:9443 said \\\"no\\\"\\nthen closed\"\n", line);
    }

    @Test
    void aStackTraceIsIndentedUnderTheLine() {
        LogRecord record = new LogRecord(Level.SEVERE, "failed");
        record.setThrown(new IllegalStateException("boom"));
        String text = new KeyValueLogging.KeyValueFormatter().format(record);
        assertTrue(text.contains(" level=ERROR "), text);
        assertTrue(text.contains("\n  java.lang.IllegalStateException: boom\n"), text);
    }

    @Test
    void levelNamesFollowTheUsualWords() {
        assertEquals(Level.FINE, KeyValueLogging.level("debug"));
        assertEquals(Level.WARNING, KeyValueLogging.level("WARN"));
        assertEquals(Level.INFO, KeyValueLogging.level(null));
        assertEquals(Level.INFO, KeyValueLogging.level("nonsense"));
    }
}
