package com.bento.contracts;

import com.bento.contracts.Node.ListNode;
import com.bento.contracts.Node.MapNode;
import com.bento.contracts.Node.Pos;
import com.bento.contracts.Node.Scalar;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code state-machines/<aggregate>.state-machine.yaml}: states, the initial and terminal
 * ones, and transitions (each with its event and the reason code a refusal answers with).
 */
final class StateMachinesReader {
    private final ContractFiles in;

    StateMachinesReader(ContractFiles in) {
        this.in = in;
    }

    Map<String, StateMachine> read() {
        Map<String, StateMachine> machines = new TreeMap<>();
        Map<String, Pos> firstSeen = new LinkedHashMap<>();
        for (Path file : in.files("state-machines", n -> n.endsWith(".state-machine.yaml") || n.endsWith(".state-machine.yml"),
                "<aggregate>.state-machine.yaml")) {
            in.parse(file, false).flatMap(doc -> in.map(doc, "A state machine file")).ifPresent(top -> {
                StateMachine machine = readStateMachine(file, top);
                if (machine != null) {
                    Pos first = firstSeen.putIfAbsent(machine.aggregate(), top.pos());
                    if (first != null) {
                        in.error(top.pos(), "aggregate '" + machine.aggregate() + "' already has a state machine in "
                                + first.file() + ". Keep one file per aggregate");
                    } else {
                        machines.put(machine.aggregate(), machine);
                    }
                }
            });
        }
        return machines;
    }

    static String aggregateFromFileName(String fileName) {
        String base = fileName.replaceFirst("\\.state-machine\\.ya?ml$", "");
        StringBuilder out = new StringBuilder();
        for (String part : base.split("[-_.]")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }

    private @Nullable StateMachine readStateMachine(Path file, MapNode top) {
        in.unknownKeys(top, new LinkedHashSet<>(List.of("aggregate", "states", "terminal_states", "initial_state",
                "initial_states", "transitions")), "a state machine");
        String aggregate = Optional.ofNullable(in.text(top, "aggregate", false, ""))
                .orElse(aggregateFromFileName(file.getFileName().toString()));
        Node statesNode = top.entries().get("states");
        if (statesNode == null) {
            in.error(top.pos(), "state machine '" + aggregate + "' lacks 'states'. Add states: [DRAFT, SUBMITTED, ...]");
            return null;
        }
        List<String> states = in.texts(statesNode, "states");
        Set<String> declared = new LinkedHashSet<>();
        for (String s : states) {
            if (!declared.add(s)) {
                in.error(statesNode.pos(), "state '" + s + "' is listed twice in 'states' of '" + aggregate + "'. Remove one");
            }
        }
        if (declared.isEmpty()) {
            in.error(statesNode.pos(), "state machine '" + aggregate + "' has no states. List them under 'states'");
            return null;
        }
        Set<String> terminal = new LinkedHashSet<>();
        Node terminalNode = top.entries().get("terminal_states");
        if (terminalNode != null) {
            for (String t : in.texts(terminalNode, "terminal_states")) {
                if (!declared.contains(t)) {
                    in.error(terminalNode.pos(), undeclared(aggregate, t, "terminal_states", declared));
                }
                terminal.add(t);
            }
        }
        Set<String> initial = new LinkedHashSet<>();
        Node initialNode = top.entries().getOrDefault("initial_states", top.entries().get("initial_state"));
        if (initialNode != null) {
            List<String> given = initialNode instanceof ListNode ? in.texts(initialNode, "initial_states")
                    : Optional.ofNullable(in.text(top, top.entries().containsKey("initial_state") ? "initial_state" : "initial_states",
                    false, "")).map(List::of).orElse(List.of());
            for (String s : given) {
                if (!declared.contains(s)) {
                    in.error(initialNode.pos(), undeclared(aggregate, s, "initial state", declared));
                }
                initial.add(s);
            }
        }
        if (initial.isEmpty()) {
            initial.add(states.get(0));
        }
        Map<String, Map<String, String>> transitions = new LinkedHashMap<>();
        Map<String, Pos> transitionPos = new LinkedHashMap<>();
        Node transitionsNode = top.entries().get("transitions");
        if (transitionsNode != null) {
            for (Node t : in.list(transitionsNode, "'transitions'").map(ListNode::items).orElse(List.of())) {
                in.map(t, "A transition").ifPresent(tr -> readTransition(aggregate, tr, declared, terminal, transitions, transitionPos));
            }
        }
        // reachability from the initial states
        Set<String> reached = new HashSet<>(initial);
        Deque<String> todo = new ArrayDeque<>(initial);
        while (!todo.isEmpty()) {
            for (String next : transitions.getOrDefault(todo.pop(), Map.of()).values()) {
                if (reached.add(next)) {
                    todo.add(next);
                }
            }
        }
        for (String s : declared) {
            if (!reached.contains(s)) {
                in.warn(statesNode.pos(), "state '" + s + "' of '" + aggregate + "' cannot be reached from the initial"
                        + " state(s) " + initial + ". Add a transition into it, or remove it");
            }
        }
        Map<String, Map<String, String>> frozen = new LinkedHashMap<>();
        transitions.forEach((k, v) -> frozen.put(k, Map.copyOf(v)));
        return new StateMachine(aggregate, states, terminal, initial, frozen);
    }

    private void readTransition(String aggregate, MapNode tr, Set<String> declared, Set<String> terminal,
                                Map<String, Map<String, String>> transitions, Map<String, Pos> transitionPos) {
        in.unknownKeys(tr, new LinkedHashSet<>(List.of("from", "command", "to")), "a transition");
        String command = in.text(tr, "command", true, "A transition of '" + aggregate + "'");
        String to = in.text(tr, "to", true, "A transition of '" + aggregate + "'");
        if (command == null || to == null) {
            return;
        }
        if (!declared.contains(to)) {
            in.error(tr.entries().get("to").pos(), undeclared(aggregate, to, "'to'", declared));
            return;
        }
        Node fromNode = tr.entries().get("from");
        List<String> from;
        if (fromNode == null || (fromNode instanceof Scalar s && s.value() == null)) {
            from = declared.stream().filter(s -> !terminal.contains(s)).toList(); // null: from any non-terminal state
        } else if (fromNode instanceof ListNode) {
            from = in.texts(fromNode, "from");
        } else {
            String single = in.text(tr, "from", true, "");
            from = single == null ? List.of() : List.of(single);
        }
        Pos pos = fromNode == null ? tr.pos() : fromNode.pos();
        for (String f : from) {
            if (!declared.contains(f)) {
                in.error(pos, undeclared(aggregate, f, "'from'", declared));
                continue;
            }
            if (terminal.contains(f)) {
                in.error(pos, "terminal state '" + f + "' of '" + aggregate + "' has an outgoing transition ('" + command
                        + "' to '" + to + "'). Remove the transition, or remove '" + f + "' from terminal_states");
                continue;
            }
            String key = f + "\u0000" + command;
            Pos first = transitionPos.putIfAbsent(key, tr.pos());
            if (first != null) {
                in.error(tr.pos(), "command '" + command + "' is defined twice for state '" + f + "' of '" + aggregate
                        + "' (first at " + first + "). Keep one transition per state and command");
                continue;
            }
            transitions.computeIfAbsent(f, k -> new TreeMap<>()).put(command, to);
        }
    }

    private static String undeclared(String aggregate, String state, String where, Set<String> declared) {
        return where + " names state '" + state + "', which '" + aggregate + "' does not declare. Declared states: "
                + String.join(", ", declared) + ". Add it to 'states' or fix the name";
    }

    // ---------------------------------------------------------------- routing
}
