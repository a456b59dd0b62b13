package com.bento.contracts;

import java.util.List;
import java.util.Set;

/** The aggregates' state machines from {@code state-machines/*.state-machine.yaml}. */
public interface StateMachines {

    /**
     * Checks a command against the aggregate's state machine.
     *
     * @param aggregate the aggregate, such as {@code Order}
     * @param state its current state
     * @param command the command, such as {@code Submit}
     * @return the state the command leads to
     * @throws StateTransitionException when the command is not allowed in that state
     * @throws ContractException when the aggregate or the state is unknown
     */
    String validate(String aggregate, String state, String command);

    /**
     * @param aggregate the aggregate
     * @param state a state
     * @return the commands allowed in that state, sorted
     * @throws ContractException when the aggregate or the state is unknown
     */
    Set<String> allowedCommands(String aggregate, String state);

    /**
     * @param aggregate the aggregate
     * @return its states, in file order
     * @throws ContractException when the aggregate is unknown
     */
    List<String> states(String aggregate);

    /**
     * @param aggregate the aggregate
     * @return its terminal states
     * @throws ContractException when the aggregate is unknown
     */
    Set<String> terminalStates(String aggregate);

    /**
     * @param aggregate the aggregate
     * @return its whole machine
     * @throws ContractException when the aggregate is unknown
     */
    StateMachine machine(String aggregate);

    /** @return the aggregates that have a state machine, sorted */
    Set<String> aggregates();
}
