package io.ctops.plugin.queuekafka;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctops.core.boot.CtopsServer;
import io.ctops.core.config.ConfigException;
import io.ctops.core.config.QueueChoice;
import io.ctops.core.config.ServerConfig;
import io.ctops.db.ScratchDatabase;
import io.ctops.sdk.queue.spi.QueueSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings that cannot work stop start-up with a line naming the variable. */
class KafkaQueueSettingsIT {

    @TempDir
    Path home;

    @Test
    void kafkaWithoutBootstrapServersIsRefusedBeforeAnythingStarts() {
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfig.fromEnvironment(Map.of(
                "CT_OPS_SECRET", "0123456789abcdef", "CT_OPS_QUEUE", "kafka")));
        assertTrue(e.getMessage().startsWith("CT_OPS_KAFKA_BOOTSTRAP: is required with CT_OPS_QUEUE=kafka"), e.getMessage());
    }

    @Test
    void kafkaWithoutThePluginStopsStartUpNamingCtOpsQueue() throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        QueueSettings settings = new QueueSettings(List.of("127.0.0.1:9"), 1, 1, "", "ctops", Duration.ofSeconds(1));
        try (ScratchDatabase database = ScratchDatabase.create()) {
            ServerConfig config = ServerConfig.forTest(home.resolve("data"), plugins, database.url(), "settings-it-secret-0123")
                    .withQueue(QueueChoice.kafka(settings));
            ConfigException e = assertThrows(ConfigException.class, () -> CtopsServer.start(config).close());
            assertTrue(e.getMessage().startsWith("CT_OPS_QUEUE: is kafka, but no plugin in " + plugins + " provides the 'kafka' queue"),
                    e.getMessage());
        }
    }
}
