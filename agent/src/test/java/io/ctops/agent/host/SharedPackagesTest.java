package io.ctops.agent.host;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedPackagesTest {

    @Test
    void theSdkAndTheTypesItUsesAreShared() {
        assertTrue(SharedPackages.isShared("io.ctops.sdk.agent.Collector"));
        assertTrue(SharedPackages.isShared("io.ctops.proto.agent.v1.Vitals$Builder"));
        assertTrue(SharedPackages.isShared("com.google.protobuf.GeneratedMessageV3"));
        assertTrue(SharedPackages.isShared("org.pf4j.Extension"));
        assertTrue(SharedPackages.isShared("org.slf4j.Logger"));
        assertTrue(SharedPackages.isShared("io/ctops/sdk/agent/Collector.class"));
    }

    @Test
    void everythingElseComesFromThePluginFirst() {
        assertFalse(SharedPackages.isShared("io.ctops.agent.plugin.system.SystemCollector"));
        assertFalse(SharedPackages.isShared("io.ctops.agent.host.AgentPluginHost"));
        assertFalse(SharedPackages.isShared("io.ctops.sdk.queue.Topic"), "the server SDK is not the agent's");
        assertFalse(SharedPackages.isShared("com.google.gson.Gson"));
        assertFalse(SharedPackages.isShared("org.slf4jx.Fake"));
    }
}
