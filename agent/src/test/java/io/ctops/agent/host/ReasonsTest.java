package io.ctops.agent.host;

import java.io.IOException;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReasonsTest {

    @Test
    void joinsTheCausesOutermostFirst() {
        Exception e = new RuntimeException("Cannot read manifest from broken.jar",
                new ZipException("zip END header not found"));

        assertEquals("Cannot read manifest from broken.jar: zip END header not found", Reasons.of(e));
    }

    @Test
    void skipsACauseItsWrapperAlreadyRepeats() {
        IOException cause = new IOException("disk full");
        Exception e = new RuntimeException(cause.toString(), cause);

        assertEquals("java.io.IOException: disk full", Reasons.of(e));
    }

    @Test
    void namesTheExceptionWhenThereIsNoMessageAndKeepsItOnOneLine() {
        assertEquals("NullPointerException", Reasons.of(new NullPointerException()));
        assertEquals("first line second line", Reasons.of(new IllegalStateException("first line\n  second line")));
    }
}
