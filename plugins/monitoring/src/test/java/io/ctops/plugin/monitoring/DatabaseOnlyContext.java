package io.ctops.plugin.monitoring;

import com.google.protobuf.Message;
import io.ctops.sdk.PluginContext;
import io.ctops.sdk.queue.QueuePublisher;
import io.ctops.sdk.queue.Topic;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.jooq.DSLContext;

/**
 * The plugin's context for driving its consumer and jobs directly against a test server's database, on
 * a clock the caller holds; what they publish (alert signals) goes nowhere.
 */
public record DatabaseOnlyContext(DataSource dataSource, DSLContext dsl, Clock clock) implements PluginContext {

    @Override
    public String pluginId() {
        return "monitoring";
    }

    @Override
    public String pluginVersion() {
        return "test";
    }

    @Override
    public QueuePublisher queue() {
        return new QueuePublisher() {
            @Override
            public <T extends Message> void publish(Topic<T> topic, String key, T message) {
            }
        };
    }

    @Override
    public Path dataDir() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }
}
