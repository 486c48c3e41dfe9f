package io.ctops.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import org.pf4j.Extension;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.INTERFACES;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static io.ctops.architecture.CtopsPackages.AGENT;
import static io.ctops.architecture.CtopsPackages.AGENT_PLUGINS;
import static io.ctops.architecture.CtopsPackages.AGENT_RUNTIME;
import static io.ctops.architecture.CtopsPackages.AGENT_SDK;
import static io.ctops.architecture.CtopsPackages.CORE;
import static io.ctops.architecture.CtopsPackages.DB;
import static io.ctops.architecture.CtopsPackages.SERVER_PLUGINS;
import static io.ctops.architecture.CtopsPackages.SERVER_SDK;

/** The agent and its plugins ship to every monitored host, without the server. */
@AnalyzeClasses(packages = CtopsPackages.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class AgentRulesTest {

    @ArchTest
    static void agentNeverDependsOnTheServer(JavaClasses imported) {
        noClasses()
                .that().resideInAPackage(AGENT)
                .should().dependOnClassesThat().resideInAnyPackage(CORE, DB, SERVER_PLUGINS)
                .because("the agent tarball carries the agent's jars only; a server class would be missing on every"
                        + " host")
                .check(imported);
    }

    @ArchTest
    static void agentPluginsNeverDependOnTheAgentRuntime(JavaClasses imported) {
        noClasses()
                .that().resideInAPackage(AGENT_PLUGINS)
                .should().dependOnClassesThat(AGENT_RUNTIME)
                .because("plugin class loaders share only the agent SDK with the agent, and a plugin built against"
                        + " runtime classes would break with every agent release")
                .check(imported);
    }

    @ArchTest
    static void agentPluginsNeverUseTheServerSdk(JavaClasses imported) {
        noClasses()
                .that().resideInAPackage(AGENT_PLUGINS)
                .should().dependOnClassesThat(SERVER_SDK)
                .because("the server SDK is not on the agent, so such a plugin would fail to load on a host")
                .check(imported);
    }

    @ArchTest
    static void agentPluginExtensionsImplementTheAgentSdk(JavaClasses imported) {
        classes()
                .that().resideInAPackage(AGENT_PLUGINS)
                .and().areAnnotatedWith(Extension.class)
                .should().beAssignableTo(resideInAPackage(AGENT_SDK).and(INTERFACES)
                        .as("an agent SDK extension point (io.ctops.sdk.agent)"))
                .because("the agent looks up collectors, checks, task handlers and discoverers by the agent SDK's"
                        + " extension points; any other @Extension in an agent plugin is never used")
                .check(imported);
    }

    @ArchTest
    static void agentPluginsNeverDependOnEachOther(JavaClasses imported) {
        slices()
                .matching("io.ctops.agent.plugin.(*)..")
                .namingSlices("agent plugin $1")
                .should().notDependOnEachOther()
                .because("an agent plugin depends only on the agent SDK, so each can be dropped in or left out alone")
                .check(imported);
    }
}
