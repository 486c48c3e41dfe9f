package io.ctops.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.base.DescribedPredicate.not;

/** The package roots of DESIGN.md, named once for all architecture rules. */
final class CtopsPackages {

    static final String ROOT = "io.ctops";
    static final String SDK = "io.ctops.sdk..";
    static final String AGENT_SDK = "io.ctops.sdk.agent..";
    static final String TESTKIT = "io.ctops.sdk.testkit..";
    static final String CORE = "io.ctops.core..";
    static final String DB = "io.ctops.db..";
    static final String SERVER_PLUGINS = "io.ctops.plugin..";
    static final String KAFKA_QUEUE_PLUGIN = "io.ctops.plugin.queuekafka..";
    static final String MONITORING_PLUGIN = "io.ctops.plugin.monitoring..";
    static final String KAFKA_CLIENTS = "org.apache.kafka..";
    static final String AGENT = "io.ctops.agent..";
    static final String AGENT_PLUGINS = "io.ctops.agent.plugin..";

    /**
     * The agent runtime: io.ctops.agent.. but not the agent plugins, whose packages nest inside it
     * (io.ctops.agent.plugin.system).
     */
    static final DescribedPredicate<JavaClass> AGENT_RUNTIME =
            resideInAPackage(AGENT).and(not(resideInAPackage(AGENT_PLUGINS)))
                    .as("are in the agent runtime (io.ctops.agent.. outside io.ctops.agent.plugin..)");

    /** The server SDK: io.ctops.sdk.. without the agent SDK and the testkit. */
    static final DescribedPredicate<JavaClass> SERVER_SDK =
            resideInAPackage(SDK).and(not(resideInAPackage(AGENT_SDK))).and(not(resideInAPackage(TESTKIT)))
                    .as("are in the server SDK (io.ctops.sdk.. outside io.ctops.sdk.agent.. and io.ctops.sdk.testkit..)");

    private CtopsPackages() {
    }
}
