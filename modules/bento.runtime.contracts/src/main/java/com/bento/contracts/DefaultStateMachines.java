package com.bento.contracts;

import com.bento.ReasonCode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The state machines, by aggregate. */
final class DefaultStateMachines implements StateMachines {
    private final Map<String, StateMachine> machines;
    private final ReasonCode transitionReason;

    DefaultStateMachines(Map<String, StateMachine> machines, Map<String, ReasonCode> catalog) {
        this.machines = Map.copyOf(machines);
        this.transitionReason = catalog.getOrDefault(ReasonCode.STATE_TRANSITION_INVALID.code(),
                ReasonCode.STATE_TRANSITION_INVALID);
    }

    @Override
    public String validate(String aggregate, String state, String command) {
        StateMachine m = machine(aggregate);
        checkState(m, state);
        String next = m.transitions().getOrDefault(state, Map.of()).get(command);
        if (next == null) {
            throw new StateTransitionException(transitionReason, aggregate, state, command);
        }
        return next;
    }

    @Override
    public Set<String> allowedCommands(String aggregate, String state) {
        StateMachine m = machine(aggregate);
        checkState(m, state);
        return new TreeSet<>(m.transitions().getOrDefault(state, Map.of()).keySet());
    }

    @Override
    public List<String> states(String aggregate) {
        return machine(aggregate).states();
    }

    @Override
    public Set<String> terminalStates(String aggregate) {
        return machine(aggregate).terminalStates();
    }

    @Override
    public StateMachine machine(String aggregate) {
        StateMachine m = machines.get(aggregate);
        if (m == null) {
            throw new ContractException("No state machine for aggregate '" + aggregate + "'. Known aggregates: "
                    + (machines.isEmpty() ? "none" : String.join(", ", new TreeSet<>(machines.keySet())))
                    + ". Add state-machines/<aggregate>.state-machine.yaml, or fix the name.");
        }
        return m;
    }

    private static void checkState(StateMachine m, String state) {
        if (!m.states().contains(state)) {
            throw new ContractException("'" + m.aggregate() + "' has no state '" + state + "'. Its states: "
                    + String.join(", ", m.states()) + ".");
        }
    }

    @Override
    public Set<String> aggregates() {
        return new TreeSet<>(machines.keySet());
    }
}
