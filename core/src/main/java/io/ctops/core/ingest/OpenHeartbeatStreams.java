package io.ctops.core.ingest;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The heartbeat streams open on this server, so a shutdown can end them at once instead of waiting for
 * streams that never end by themselves (an agent keeps its stream open for good): each is answered UNAVAILABLE
 * right away, or, when a heartbeat's publishes are in flight, right after that heartbeat is acknowledged.
 * Nothing acknowledged is lost, and nothing unacknowledged either: the agent keeps those (spool) and sends
 * them again. A stream that opens after the drain began is drained as it opens.
 */
final class OpenHeartbeatStreams {

    private final Set<HeartbeatStream> open = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    void opened(HeartbeatStream stream) {
        open.add(stream);
        if (draining) {
            stream.drain();
        }
    }

    void closed(HeartbeatStream stream) {
        open.remove(stream);
    }

    /** Ends every open stream (see the class comment); {@return how many there were} */
    int drainAll() {
        draining = true;
        List<HeartbeatStream> now = List.copyOf(open);
        now.forEach(HeartbeatStream::drain);
        return now.size();
    }

    int size() {
        return open.size();
    }
}
