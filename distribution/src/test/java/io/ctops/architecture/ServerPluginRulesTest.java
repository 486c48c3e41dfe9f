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
