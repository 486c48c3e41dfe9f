package io.ctops.sdk.agent;

import io.ctops.proto.agent.v1.Discovery;
import java.time.Duration;
import org.pf4j.ExtensionPoint;

/**
 * Reports an inventory of the host: installed packages, certificates, local users and the like.
 *
 * <p>Discovery is usually slower than collecting vitals and its answer changes rarely, so it runs
 * on its own, longer {@link #interval()}.
 */
public interface Discoverer extends ExtensionPoint {

    /**
     * {@return what this discoverer reports, unique among discoverers, e.g. {@code "software"}}
     * The server uses it to pick the decoder of {@link Discovery#getPayload()}.
     */
    String type();

    /**
     * How often to run. The agent may run it sooner when the server asks for a fresh inventory.
     *
     * @return one hour unless overridden
     */
    default Duration interval() {
        return Duration.ofHours(1);
    }

    /**
     * Takes one snapshot of the inventory.
     *
     * <p>The agent fills {@link Discovery#getType()} with {@link #type()} when it is left unset.
     * If this method throws, the failure is logged and the previous snapshot stays current.
     *
     * @return the snapshot, its payload encoded as the plugin defines
     * @throws Exception when the inventory cannot be read
     */
    Discovery discover() throws Exception;
}
