package com.bento.otel.linked;

import com.bento.runtime.BentoRuntime;

/**
 * Run by {@code LinkedSdkTest} from the class path, with Bento and OpenTelemetry on the module path
 * and {@code io.opentelemetry.common} an explicit module, as when the SDK is linked into an image:
 * starts and stops a one-module runtime whose tracing listener is found on the path; the startup trace
 * goes to the logging exporter (the {@code local} environment's default).
 */
public final class LinkedSdkProbe {
    private LinkedSdkProbe() {
    }

    public static void main(String[] args) {
        System.out.println("common-module-automatic="
                + io.opentelemetry.common.ComponentLoader.class.getModule().getDescriptor().isAutomatic());
        try (BentoRuntime runtime = BentoRuntime.builder().withConfig("probe", "local")
                .withModules(new Probe()).build().start()) {
            System.out.println("started=" + runtime.isStarted());
        }
        System.out.println("stopped");
    }

    /** A module with nothing to do. */
    public static final class Probe implements com.bento.Module {
        @Override
        public String name() {
            return "probe";
        }
    }
}
