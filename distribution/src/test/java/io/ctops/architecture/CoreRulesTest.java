package io.ctops.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static io.ctops.architecture.CtopsPackages.CORE;
import static io.ctops.architecture.CtopsPackages.SERVER_PLUGINS;

/** Core is the small platform under the plugins. */
@AnalyzeClasses(packages = CtopsPackages.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class CoreRulesTest {

    @ArchTest
    static void coreNeverDependsOnPlugins(JavaClasses imported) {
        noClasses()
                .that().resideInAPackage(CORE)
                .should().dependOnClassesThat().resideInAPackage(SERVER_PLUGINS)
                .because("features ship as plugins that can be disabled or absent; core reaches them only through"
                        + " SDK extension points")
                .check(imported);
    }

    @ArchTest
    static void coreAreasHaveNoCycles(JavaClasses imported) {
        slices()
                .matching("io.ctops.core.(*)..")
                .namingSlices("core.$1")
                .should().beFreeOfCycles()
                .because("each area of core (boot, config, http, queue, ...) must be understandable and testable"
                        + " on its own, building on areas below it")
                .check(imported);
    }
}
