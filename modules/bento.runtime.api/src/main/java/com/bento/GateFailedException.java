package com.bento;

import java.util.List;

/** One or more startup gates reported errors; the message lists every error, one per line. */
public final class GateFailedException extends LifecycleException {
    private static final long serialVersionUID = 1L;

    private final transient List<GateResult> results;

    /**
     * @param results the results of every gate that ran
     * @param message every error, one per line
     */
    public GateFailedException(List<GateResult> results, String message) {
        super("gates", null, message, null);
        this.results = List.copyOf(results);
    }

    /** @return the results of every gate that ran, passed or not */
    public List<GateResult> results() {
        return results;
    }
}
