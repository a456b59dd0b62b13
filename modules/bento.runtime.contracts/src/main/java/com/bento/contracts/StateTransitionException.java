package com.bento.contracts;

import com.bento.BentoException;
import com.bento.ReasonCode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A command that an aggregate's state machine does not allow in its current state. Its reason
 * code is {@code STATE_TRANSITION_INVALID} (409 unless the catalog says otherwise); its details
 * are the aggregate, the current state and the command.
 */
public final class StateTransitionException extends BentoException {
    private static final long serialVersionUID = 1L;

    private final String message;

    StateTransitionException(ReasonCode reason, String aggregate, String state, String command) {
        super(reason, details(aggregate, state, command));
        this.message = aggregate + ": command '" + command + "' not allowed in state '" + state + "'";
    }

    private static Map<String, Object> details(String aggregate, String state, String command) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("aggregate", aggregate);
        d.put("current_state", state);
        d.put("command", command);
        return d;
    }

    /** @return {@code Order: command 'Submit' not allowed in state 'COMPLETED'} */
    @Override
    public String getMessage() {
        return message;
    }
}
