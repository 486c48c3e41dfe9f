package io.ctops.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static io.ctops.architecture.CtopsPackages.AGENT;
import static io.ctops.architecture.CtopsPackages.AGENT_PLUGINS;
import static io.ctops.architecture.CtopsPackages.AGENT_SDK;
import static io.ctops.architecture.CtopsPackages.CORE;
import static io.ctops.architecture.CtopsPackages.DB;
import static io.ctops.architecture.CtopsPackages.SDK;
import static io.ctops.architecture.CtopsPackages.SERVER_PLUGINS;
import static io.ctops.architecture.CtopsPackages.TESTKIT;

/** The SDK (server API, agent API, testkit) is the public surface plugin authors build against. */
@AnalyzeClasses(packages = CtopsPackages.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class SdkRulesTest {

    @ArchTest
    static void sdkNeverDependsOnInternals(JavaClasses imported) {
        noClasses()
                .that().resideInAPackage(SDK)
                .and().resideOutsideOfPackage(TESTKIT)
                .should().dependOnClassesThat().resideInAnyPackage(CORE, DB, SERVER_PLUGINS, AGENT)
                .because("third parties build plugins against the SDK alone: an internal type in its signatures"
                        + " would tie every plugin to one server or agent build")
                .check(imported);
    }

    @ArchTest
    static void testkitNeverDependsOnPlugins(JavaClasses imported) {
        noClasses()
                .that().resideInAPackage(TESTKIT)
                .should().dependOnClassesThat().resideInAnyPackage(SERVER_PLUGINS, AGENT_PLUGINS)
                .because("plugins test themselves with the testkit (it may start a real core), so a testkit that"
                        + " knew a plugin would be a circle")
                .check(imported);
    }

    @ArchTest
    static void agentSdkUsesOnlyTheSharedPackages(JavaClasses imported) {
        classes()
                .that().resideInAPackage(AGENT_SDK)
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "java..", AGENT_SDK, "io.ctops.proto..", "com.google.protobuf..", "org.pf4j..", "org.slf4j..")
                .because("agent plugin class loaders take exactly these packages from the agent (SharedPackages);"
                        + " any other library in the agent SDK's signatures would reach plugins as a second copy")
                .check(imported);
    }
}
