package io.ctops.agent.transport;

import java.time.Duration;

/** Waits; tests substitute one that records the delays instead. */
@FunctionalInterface
public interface Sleeper {

    /** The real thing. */
    Sleeper THREAD = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
