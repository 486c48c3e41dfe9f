package io.ctops.agent.plugin.checks;

import io.ctops.proto.agent.v1.CheckDefinition;
import io.ctops.proto.agent.v1.CheckResult;
import io.ctops.sdk.agent.AgentPluginContext;
import io.ctops.sdk.agent.CheckExecutor;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import org.pf4j.Extension;

import static java.util.Objects.requireNonNull;

/**
 * The {@code port} check: opens a TCP connection to a host and port and closes it again. OK with
 * the time the connection took; CRITICAL when it is refused, not answered in time, or the host
 * name does not resolve.
 *
 * <p>The connection is made through a {@link SocketChannel}, so the agent can interrupt a check it
 * gives up on.
 */
@Extension
public final class PortCheckExecutor implements CheckExecutor {

    private final Clock clock;

    /**
     * @param context the plugin's context, for the clock
     */
    public PortCheckExecutor(AgentPluginContext context) {
        this.clock = requireNonNull(context, "context is null").clock();
    }

    @Override
    public String type() {
        return "port";
    }

    @Override
    public void validate(CheckDefinition definition) {
        PortCheckSettings.from(definition);
    }

    @Override
    public CheckResult run(CheckDefinition definition) throws InterruptedException {
        CheckOutcomes outcome = CheckOutcomes.start(definition, clock);
        PortCheckSettings settings;
        try {
            settings = PortCheckSettings.from(definition);
        } catch (IllegalArgumentException e) {
            return outcome.invalidSettings(e);
        }
        InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
        if (address.isUnresolved()) {
            return outcome.critical("cannot resolve host " + settings.host());
        }
        try (SocketChannel channel = SocketChannel.open()) {
            channel.socket().connect(address, settings.timeoutMs());
            return outcome.ok("TCP " + settings.target() + " connected in " + outcome.elapsedMillis() + " ms");
        } catch (ClosedByInterruptException e) {
            throw new InterruptedException("port check interrupted");
        } catch (SocketTimeoutException e) {
            return outcome.critical("TCP " + settings.target() + " did not answer within " + settings.timeoutMs() + " ms");
        } catch (InterruptedIOException e) {
            throw new InterruptedException("port check interrupted");
        } catch (IOException e) {
            // refused, no route, network unreachable: the system's reason says which
            return outcome.critical("TCP " + settings.target() + " not reachable: " + CheckOutcomes.reason(e));
        }
    }
}
