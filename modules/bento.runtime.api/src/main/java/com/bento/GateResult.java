package com.bento;

import java.util.List;
import java.util.Objects;

/**
 * What one gate found.
 *
 * @param gate the gate's name
 * @param errors problems that stop the start, each naming the thing and the fix
 * @param warnings problems that are logged and let the start go on
 */
public record GateResult(String gate, List<String> errors, List<String> warnings) {

    /** Validates and copies the components. */
    public GateResult {
        Objects.requireNonNull(gate, "gate");
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    /**
     * @param gate the gate's name
     * @return a result with no errors and no warnings
     */
    public static GateResult passed(String gate) {
        return new GateResult(gate, List.of(), List.of());
    }

    /**
     * @param gate the gate's name
     * @param errors the errors found
     * @return a result with these errors
     */
    public static GateResult failed(String gate, List<String> errors) {
        return new GateResult(gate, errors, List.of());
    }

    /** @return {@code true} when there are no errors */
    public boolean ok() {
        return errors.isEmpty();
    }
}
