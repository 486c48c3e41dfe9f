package io.ctops.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static io.ctops.architecture.CtopsPackages.AGENT;
import static io.ctops.architecture.CtopsPackages.CORE;
import static io.ctops.architecture.CtopsPackages.DB;
import static io.ctops.architecture.CtopsPackages.KAFKA_CLIENTS;
import static io.ctops.architecture.CtopsPackages.KAFKA_QUEUE_PLUGIN;
import static io.ctops.architecture.CtopsPackages.MONITORING_PLUGIN;
import static io.ctops.architecture.CtopsPackages.ROOT;
import static io.ctops.architecture.CtopsPackages.SERVER_PLUGINS;

/** Server plugins are built against the SDK alone and know nothing of each other. */
@AnalyzeClasses(packages = CtopsPackages.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class ServerPluginRulesTest {

    @ArchTest
    static void pluginsNeverDependOnCoreOrDb(JavaClasses imported) {
        noClasses()
                .that().resideInAPackage(SERVER_PLUGINS)
                .should().dependOnClassesThat().resideInAnyPackage(CORE, DB, AGENT)
                .because("a plugin gets platform services from its PluginContext, so it keeps working across core"
                        + " releases and a third party can build one from the SDK alone")
                .check(imported);
    }

    @ArchTest
    static void theKafkaQueuePluginUsesTheSdkAloneToo(JavaClasses imported) {
        // the general rule above passes vacuously if the plugin's classes were not imported; this one names it
        noClasses()
                .that().resideInAPackage(KAFKA_QUEUE_PLUGIN)
                .should().dependOnClassesThat().resideInAnyPackage(CORE, DB, AGENT)
                .because("the server's queue is a plugin like any other: core reaches it through the SDK's QueueProvider")
                .check(imported);
    }

    @ArchTest
    static void theMonitoringPluginUsesTheSdkAlone(JavaClasses imported) {
        // named for the same reason as the Kafka plugin: the general rule passes when nothing was imported
        noClasses()
                .that().resideInAPackage(MONITORING_PLUGIN)
                .should().dependOnClassesThat().resideInAnyPackage(CORE, DB, AGENT)
                .because("monitoring is the proof that the SDK carries a whole feature: hosts, callers, charts and"
                        + " metrics all come through PluginContext and the SDK's extension points")
                .check(imported);
    }

    @ArchTest
    static void onlyTheKafkaQueuePluginKnowsKafka(JavaClasses imported) {
        noClasses()
                .that().resideInAPackage(ROOT + "..")
                .and().resideOutsideOfPackage(KAFKA_QUEUE_PLUGIN)
                .should().dependOnClassesThat().resideInAPackage(KAFKA_CLIENTS)
                .because("kafka-clients ships inside the queue-kafka plugin jar; core and the SDK know only the queue SPI,"
                        + " so the local queue needs no Kafka and the Kafka version can change with the plugin alone")
                .check(imported);
    }

    @ArchTest
    static void pluginsNeverDependOnEachOther(JavaClasses imported) {
        slices()
                .matching("io.ctops.plugin.(*)..")
                .namingSlices("plugin $1")
                .should().notDependOnEachOther()
                .because("plugins talk to each other only through queue topics and SDK services, so each can be"
                        + " installed, disabled and upgraded on its own")
                .check(imported);
    }
}
