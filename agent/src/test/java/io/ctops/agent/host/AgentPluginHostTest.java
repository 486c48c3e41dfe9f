package io.ctops.agent.host;

import io.ctops.agent.host.testplugins.ContextCollector;
import io.ctops.agent.host.testplugins.ContextPlugin;
import io.ctops.agent.host.testplugins.ExplodingCollector;
import io.ctops.agent.host.testplugins.FailingStartPlugin;
import io.ctops.agent.host.testplugins.NoArgCollector;
import io.ctops.proto.agent.v1.Vitals;
import io.ctops.sdk.agent.AgentPluginContext;
import io.ctops.sdk.agent.Collector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.PluginClassLoader;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentPluginHostTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path temp;

    private AgentPluginHost host;

    private Path plugins() {
        return temp.resolve("plugins");
    }

    private AgentPluginHost start() {
        host = new AgentPluginHost(plugins(), temp.resolve("data"), temp.resolve("host"), CLOCK, "0.1.0");
        host.start();
        return host;
    }

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    void givesExtensionsTheirPluginsContext() throws Exception {
        TestPluginJar.plugin("demo").extension(ContextCollector.class).writeTo(plugins(), "demo.jar");

        List<Collector> collectors = start().extensions(Collector.class);

        assertEquals(List.of("demo"), host.started());
        AgentPluginContext context = contextOf(collectors.get(0));
        assertEquals("demo", context.pluginId());
        assertEquals(temp.resolve("data/plugins/demo"), context.dataDir());
        assertTrue(Files.isDirectory(context.dataDir()));
        assertEquals(temp.resolve("host"), context.hostRoot());
        assertSame(CLOCK, context.clock());
        assertEquals(List.of(), host.problems());
    }

    @Test
    void usesTheNoArgumentConstructorWhenThereIsNoContextOne() {
        TestPluginJar.plugin("plain").extension(NoArgCollector.class).writeTo(plugins(), "plain.jar");

        List<Collector> collectors = start().extensions(Collector.class);

        assertEquals(List.of("no-arg"), collectors.stream().map(Collector::id).toList());
    }

    @Test
    void loadsPluginClassesFromThePluginButSharedPackagesFromTheAgent() throws Exception {
        // The jar also bundles its own copy of the SDK's Collector, as a badly built plugin would.
        TestPluginJar.plugin("demo").extension(ContextCollector.class).bundle(Collector.class)
                .writeTo(plugins(), "demo.jar");

        Collector collector = start().extensions(Collector.class).get(0);

        assertInstanceOf(PluginClassLoader.class, collector.getClass().getClassLoader());
        assertNotSame(ContextCollector.class, collector.getClass(), "the plugin's copy, not the test class path's");
        assertSame(Collector.class, collector.getClass().getClassLoader().loadClass(Collector.class.getName()),
                "the SDK comes from the agent, not from the copy in the jar");
        Vitals.Builder vitals = Vitals.newBuilder();
        assertDoesNotThrow(() -> collector.collect(vitals));
        assertEquals(1.5, vitals.getLoad1());
    }

    @Test
    void aBrokenJarIsReportedWithItsReasonAndTheOthersStillLoad() throws Exception {
        Files.createDirectories(plugins());
        Files.write(plugins().resolve("broken.jar"), new byte[] {1, 2, 3, 4, 5});
        TestPluginJar.plugin(null).extension(NoArgCollector.class).writeTo(plugins(), "no-id.jar");
        TestPluginJar.plugin("demo").extension(ContextCollector.class).writeTo(plugins(), "demo.jar");

        List<Collector> collectors = start().extensions(Collector.class);

        assertEquals(List.of("context-demo"), collectors.stream().map(Collector::id).toList());
        assertEquals(2, host.problems().size(), host.problems().toString());
        PluginProblem broken = problem("plugin broken.jar");
        assertTrue(broken.reason().contains("Cannot read manifest"), broken.reason());
        PluginProblem noId = problem("plugin no-id.jar");
        assertEquals("its manifest has no Plugin-Id; is it an agent plugin?", noId.reason());
    }

    @Test
    void aPluginNeedingANewerSdkIsSkipped() {
        TestPluginJar.plugin("future").manifest("Plugin-Requires", ">=9.0.0").extension(NoArgCollector.class)
                .writeTo(plugins(), "future.jar");

        List<Collector> collectors = start().extensions(Collector.class);

        assertEquals(List.of(), collectors);
        assertEquals(List.of(new PluginProblem("plugin future (future.jar)",
                "it requires SDK >=9.0.0 but this agent provides 0.1.0")), host.problems());
    }

    @Test
    void aPluginWhoseDependencyIsMissingIsSkippedAndTheOthersStart() {
        TestPluginJar.plugin("needy").manifest("Plugin-Dependencies", "absent").extension(NoArgCollector.class)
                .writeTo(plugins(), "needy.jar");
        TestPluginJar.plugin("demo").extension(ContextCollector.class).writeTo(plugins(), "demo.jar");

        List<Collector> collectors = start().extensions(Collector.class);

        assertEquals(List.of("demo"), host.started());
        assertEquals(List.of("context-demo"), collectors.stream().map(Collector::id).toList());
        PluginProblem problem = problem("plugin needy (needy.jar)");
        assertTrue(problem.reason().contains("absent"), problem.reason());
    }

    @Test
    void aPluginTheOperatorDisabledIsNotStartedAndNotAProblem() throws Exception {
        TestPluginJar.plugin("demo").extension(ContextCollector.class).writeTo(plugins(), "demo.jar");
        Files.writeString(plugins().resolve("disabled.txt"), "demo\n");

        start();

        assertEquals(List.of(), host.started());
        assertEquals(List.of(), host.extensions(Collector.class));
        assertEquals(List.of(), host.problems());
    }

    @Test
    void anExtensionWhoseConstructorThrowsIsReportedAndTheOthersAreCreated() {
        TestPluginJar.plugin("demo").extension(ExplodingCollector.class).extension(NoArgCollector.class)
                .writeTo(plugins(), "demo.jar");

        List<Collector> collectors = start().extensions(Collector.class);

        assertEquals(List.of("no-arg"), collectors.stream().map(Collector::id).toList());
        PluginProblem problem = problem("extension " + ExplodingCollector.class.getName());
        assertTrue(problem.reason().endsWith("failed in its constructor: java.lang.IllegalStateException: boom in constructor"),
                problem.reason());
    }

    @Test
    void givesThePluginClassItsContextAndReportsOneThatFailsToStart() {
        TestPluginJar.plugin("good").manifest("Plugin-Class", ContextPlugin.class.getName())
                .bundle(ContextPlugin.class).writeTo(plugins(), "good.jar");
        TestPluginJar.plugin("bad").manifest("Plugin-Class", FailingStartPlugin.class.getName())
                .bundle(FailingStartPlugin.class).writeTo(plugins(), "bad.jar");

        start();

        assertEquals(List.of("good"), host.started());
        assertTrue(Files.exists(temp.resolve("data/plugins/good/started")));
        assertEquals(List.of(new PluginProblem("plugin bad (bad.jar)", "cannot bind port 1234")), host.problems());
    }

    @Test
    void closingTwiceIsHarmless() {
        TestPluginJar.plugin("demo").extension(ContextCollector.class).writeTo(plugins(), "demo.jar");
        start();

        host.close();
        host.close();

        assertEquals(List.of(), host.started());
    }

    /** The plugin's ContextCollector is another class than the test's (plugin first), so ask it reflectively. */
    private static AgentPluginContext contextOf(Collector collector) throws ReflectiveOperationException {
        assertEquals(ContextCollector.class.getName(), collector.getClass().getName());
        return (AgentPluginContext) collector.getClass().getMethod("context").invoke(collector);
    }

    private PluginProblem problem(String source) {
        return host.problems().stream().filter(p -> p.source().equals(source)).findFirst()
                .orElseThrow(() -> new AssertionError("no problem for " + source + " in " + host.problems()));
    }
}
