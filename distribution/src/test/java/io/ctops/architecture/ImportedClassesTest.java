package io.ctops.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The rules above say "no class in X may ...", which an empty X passes. This checks that the
 * import really holds classes of each kind of module, plugins included (they are test-scope jars).
 */
@AnalyzeClasses(packages = CtopsPackages.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class ImportedClassesTest {

    @ArchTest
    static void importsClassesOfEveryKindOfModule(JavaClasses classes) {
        Map<String, Predicate<JavaClass>> kinds = new LinkedHashMap<>();
        kinds.put("core (io.ctops.core..)", c -> c.getPackageName().startsWith("io.ctops.core."));
        kinds.put("server SDK (io.ctops.sdk.. outside agent and testkit)", CtopsPackages.SERVER_SDK::test);
        kinds.put("agent SDK (io.ctops.sdk.agent)", c -> c.getPackageName().startsWith("io.ctops.sdk.agent"));
        kinds.put("a server plugin (io.ctops.plugin..)", c -> c.getPackageName().startsWith("io.ctops.plugin."));
        kinds.put("the Kafka queue plugin (io.ctops.plugin.queuekafka)",
                c -> c.getPackageName().startsWith(CtopsPackages.KAFKA_QUEUE_PLUGIN.replace("..", "")));
        kinds.put("the monitoring plugin (io.ctops.plugin.monitoring)",
                c -> c.getPackageName().startsWith(CtopsPackages.MONITORING_PLUGIN.replace("..", "")));
        kinds.put("agent runtime (io.ctops.agent..)", CtopsPackages.AGENT_RUNTIME::test);
        kinds.put("an agent plugin (io.ctops.agent.plugin..)",
                c -> c.getPackageName().startsWith("io.ctops.agent.plugin."));

        List<String> missing = new ArrayList<>();
        kinds.forEach((kind, test) -> {
            if (classes.stream().noneMatch(test)) {
                missing.add(kind);
            }
        });
        if (!missing.isEmpty()) {
            throw new AssertionError("the architecture rules imported no classes of " + missing
                    + " (" + classes.size() + " classes imported); is each module a dependency of ctops-distribution,"
                    + " and was it built?");
        }
    }

    @ArchTest
    static void leavesTestClassesOut(JavaClasses classes) {
        if (classes.contain("io.ctops.architecture.ImportedClassesTest")) {
            throw new AssertionError("test classes were imported; the rules would judge test code");
        }
    }
}
