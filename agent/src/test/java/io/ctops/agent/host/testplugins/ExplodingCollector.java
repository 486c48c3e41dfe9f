package io.ctops.agent.host.testplugins;

import io.ctops.proto.agent.v1.Vitals;
import io.ctops.sdk.agent.Collector;

/** A collector whose constructor throws, as a buggy third-party one might. */
public class ExplodingCollector implements Collector {

    public ExplodingCollector() {
        throw new IllegalStateException("boom in constructor");
    }

    @Override
    public String id() {
        return "exploding";
    }

    @Override
    public void collect(Vitals.Builder into) {
    }
}
