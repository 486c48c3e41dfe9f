package io.ctops.agent.transport;

import io.ctops.agent.config.IngestAddress;
import io.grpc.ManagedChannel;
import java.util.Optional;

/** Opens a gRPC channel to one ingest address; the caller shuts it down. */
@FunctionalInterface
public interface ChannelOpener {

    /**
     * @param address where to connect
     * @param client the identity for mutual TLS; empty for Register, which runs over plain TLS
     * @return a new channel
     */
    ManagedChannel open(IngestAddress address, Optional<ClientIdentity> client);
}
