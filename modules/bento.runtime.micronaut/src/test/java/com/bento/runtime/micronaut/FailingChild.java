package com.bento.runtime.micronaut;

import com.bento.Container;
import com.bento.Module;
import com.bento.runtime.BentoRuntime;

/** A child JVM whose only module fails to start. */
public final class FailingChild {
    private FailingChild() {
    }

    public static final class BrokenModule implements Module {
        @Override
        public void onStartup(Container container) {
            throw new IllegalStateException("no license");
        }
    }

    public static void main(String[] args) {
        BentoMicronaut.runOrExit(BentoRuntime.builder().withListenerDiscovery(false).withModules(new BrokenModule()),
                "-micronaut.server.port=0");
    }
}
