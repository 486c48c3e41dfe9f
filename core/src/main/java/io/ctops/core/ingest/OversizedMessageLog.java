package io.ctops.core.ingest;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;

/**
 * gRPC logs every inbound message above the size limit as a warning with a full stack trace, though the
 * client is answered with RESOURCE_EXHAUSTED: an agent sending large messages in a loop would flood the
 * log. This filter turns each into one line.
 */
final class OversizedMessageLog implements Filter {

    /** Held here: java.util.logging keeps loggers weakly, and a collected logger would lose the filter. */
    private static final Logger GRPC_SERVER_STREAM = Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyServerStream");
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(OversizedMessageLog.class);

    private OversizedMessageLog() {
    }

    /** Installs the filter once; later calls keep it. */
    static synchronized void install() {
        if (!(GRPC_SERVER_STREAM.getFilter() instanceof OversizedMessageLog)) {
            GRPC_SERVER_STREAM.setFilter(new OversizedMessageLog());
        }
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record.getThrown() instanceof StatusRuntimeException refused
                && refused.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED) {
            LOG.info("Inbound message refused: {}", refused.getStatus().getDescription());
            return false;
        }
        return true;
    }
}
