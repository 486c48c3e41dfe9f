package io.ctops.agent.host.testplugins;

import org.pf4j.Plugin;

/** A Plugin-Class whose start fails. */
public class FailingStartPlugin extends Plugin {

    @Override
    public void start() {
        throw new IllegalStateException("cannot bind port 1234");
    }
}
