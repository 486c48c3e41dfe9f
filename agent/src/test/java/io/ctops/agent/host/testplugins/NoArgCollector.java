package io.ctops.agent.host.testplugins;

import io.ctops.proto.agent.v1.Vitals;
import io.ctops.sdk.agent.Collector;

/** A collector with only a no-argument constructor. */
public class NoArgCollector implements Collector {

    @Override
    public String id() {
        return "no-arg";
    }

    @Override
    public void collect(Vitals.Builder into) {
        into.setUptimeSecs(42);
    }
}
