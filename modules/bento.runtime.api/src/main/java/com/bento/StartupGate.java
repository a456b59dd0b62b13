package com.bento;

/**
 * A check that runs in the gates phase, after the modules are resolved and before any of them
 * registers. A gate reports problems in its {@link GateResult}; any error stops the start.
 *
 * <pre>{@code
 * StartupGate gate = context -> context.environment().equals("prod") && !licenseFound()
 *         ? GateResult.failed("license", List.of("No license file at /etc/app/license: copy it there"))
 *         : GateResult.passed("license");
 * }</pre>
 */
@FunctionalInterface
public interface StartupGate {

    /**
     * Runs the check.
     *
     * @param context what the gate may look at
     * @return errors and warnings found; errors stop the start
     * @throws Exception a failure of the check itself, reported as an error of this gate
     */
    GateResult check(GateContext context) throws Exception;

    /**
     * The gate's name in results and messages.
     *
     * @return by default the class's simple name
     */
    default String name() {
        String simple = getClass().getSimpleName();
        return simple.isEmpty() || simple.contains("$$Lambda") ? "gate" : simple;
    }
}
