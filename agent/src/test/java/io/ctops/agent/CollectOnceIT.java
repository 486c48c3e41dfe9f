package io.ctops.agent;

import com.google.protobuf.util.JsonFormat;
import io.ctops.agent.host.AgentPluginHost;
import io.ctops.proto.agent.v1.Vitals;
import io.ctops.sdk.agent.Collector;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.PluginClassLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built system plugin jar, loaded from a plugins directory as in production, collecting from
 * the fixture host in src/test/resources/host-fixture.
 */
class CollectOnceIT {

    @TempDir
    Path temp;

    /** target/it-plugins, where the build copies the system plugin jar. */
    private static Path builtPlugins() {
        Path dir = Path.of(System.getProperty("ctops.it.pluginsDir", "target/it-plugins"));
        assertTrue(Files.isDirectory(dir), dir + " is missing: run through Maven (mvn verify)");
        return dir;
    }

    private static Path hostFixture() throws URISyntaxException {
        return Path.of(CollectOnceIT.class.getResource("/host-fixture").toURI());
    }

    @Test
    void theSystemPluginIsNotOnTheTestClassPath() {
        assertThrows(ClassNotFoundException.class,
                () -> Class.forName("io.ctops.agent.plugin.system.SystemCollector"));
    }

    @Test
    void collectOncePrintsTheFixtureHostsVitalsAsJson() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = AgentMain.run(List.of("collect", "--once",
                        "--plugins-dir", builtPlugins().toString(),
                        "--data-dir", temp.resolve("data").toString(),
                        "--host-root", hostFixture().toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of());

        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        Vitals.Builder parsed = Vitals.newBuilder();
        JsonFormat.parser().merge(out.toString(StandardCharsets.UTF_8), parsed);
        Vitals vitals = parsed.build();
        assertEquals(40.0, vitals.getCpuPercent(), "busy 400 of 1000 jiffies since boot");
        assertEquals(75.0, vitals.getMemoryPercent());
        assertEquals(20.0, vitals.getSwapPercent());
        assertEquals(0.1, vitals.getLoad1());
        assertEquals(0.2, vitals.getLoad5());
        assertEquals(0.3, vitals.getLoad15());
        assertEquals(3600, vitals.getUptimeSecs());
        // the build machine's disk holding the fixture: a real figure, not a fixed one
        assertTrue(vitals.getRootDiskPercent() > 0 && vitals.getRootDiskPercent() <= 100, vitals.toString());
        assertTrue(Files.isDirectory(temp.resolve("data/plugins/system")));
    }

    @Test
    void theSystemCollectorComesFromThePluginJarEvenNextToABrokenOne() throws Exception {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        try (Stream<Path> jars = Files.list(builtPlugins())) {
            for (Path jar : (Iterable<Path>) jars::iterator) {
                Files.copy(jar, plugins.resolve(jar.getFileName()));
            }
        }
        Files.writeString(plugins.resolve("half-downloaded.jar"), "PK\u0003\u0004 not really a jar");

        try (AgentPluginHost host = new AgentPluginHost(plugins, temp.resolve("data"), hostFixture(),
                Clock.systemUTC(), AgentVersion.current().sdk())) {
            host.start();
            List<Collector> collectors = host.extensions(Collector.class);

            assertEquals(List.of("system"), host.started());
            assertEquals(List.of("system"), collectors.stream().map(Collector::id).toList());
            assertInstanceOf(PluginClassLoader.class, collectors.get(0).getClass().getClassLoader());
            assertEquals(1, host.problems().size(), host.problems().toString());
            assertEquals("plugin half-downloaded.jar", host.problems().get(0).source());
        }
    }
}
