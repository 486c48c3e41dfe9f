package io.ctops.agent.heartbeat;

import io.ctops.proto.agent.v1.HeartbeatRequest;

import static java.util.Objects.requireNonNull;

/**
 * Where the ticker hands each new heartbeat: straight onto the open stream, or into the spool while
 * there is none (the server is unreachable) or it cannot take more.
 */
public final class HeartbeatOutbox {

    private final HeartbeatSpool spool;
    private volatile HeartbeatSession session;

    public HeartbeatOutbox(HeartbeatSpool spool) {
        this.spool = requireNonNull(spool, "spool is null");
    }

    /** Sends the heartbeat live if a stream takes it, else spools it. */
    public void submit(HeartbeatRequest heartbeat) {
        HeartbeatSession current = session;
        if (current == null || !current.offerLive(heartbeat)) {
            spool.append(heartbeat);
            if (current != null) {
                // the open stream refused it for now (window full, not yet connected): replay it soon
                current.wake();
            }
        }
    }

    void attach(HeartbeatSession current) {
        session = current;
    }

    void detach(HeartbeatSession ended) {
        if (session == ended) {
            session = null;
        }
    }
}
