package com.bento.contracts;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One aggregate's state machine from {@code state-machines/<name>.state-machine.yaml}.
 *
 * @param aggregate the aggregate, such as {@code Order}
 * @param states every state, in file order
 * @param terminalStates the states nothing leaves
 * @param initialStates where an aggregate starts: {@code initial_state(s)} from the file, or its first state
 * @param transitions for each state, command to next state
 */
public record StateMachine(String aggregate, List<String> states, Set<String> terminalStates, Set<String> initialStates,
                           Map<String, Map<String, String>> transitions) {
    /** Copies the components. */
    public StateMachine {
        states = List.copyOf(states);
        terminalStates = Set.copyOf(terminalStates);
        initialStates = Set.copyOf(initialStates);
        transitions = Map.copyOf(transitions);
    }
}
