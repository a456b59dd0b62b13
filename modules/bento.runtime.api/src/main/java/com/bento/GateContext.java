package com.bento;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link StartupGate} may look at.
 *
 * @param serviceName the application's service name
 * @param environment {@code local}, {@code dev}, {@code test}, {@code stage} or {@code prod}
 * @param modules the names of the loaded modules, in start order
 * @param testMode whether the runtime runs in test mode
 * @param contractUses what each module declared with {@link UsesContracts}, by module name, in start order
 */
public record GateContext(String serviceName, String environment, List<String> modules, boolean testMode,
                          Map<String, ContractUse> contractUses) {
    /** Validates and copies the components. */
    public GateContext {
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(environment, "environment");
        modules = List.copyOf(modules);
        contractUses = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(contractUses));
    }

    /**
     * A context whose modules declare no use of contracts.
     *
     * @param serviceName the application's service name
     * @param environment the environment
     * @param modules the loaded modules' names
     * @param testMode whether the runtime runs in test mode
     */
    public GateContext(String serviceName, String environment, List<String> modules, boolean testMode) {
        this(serviceName, environment, modules, testMode, Map.of());
    }

    /**
     * What one module declared with {@link UsesContracts}.
     *
     * @param declaredBy the module's class, for messages
     * @param stateMachines aggregates whose state machine it uses
     * @param reasonCodes reason codes it answers with
     * @param publishes event types it publishes
     * @param consumes event types it consumes
     */
    public record ContractUse(String declaredBy, List<String> stateMachines, List<String> reasonCodes,
                              List<String> publishes, List<String> consumes) {
        /** Validates and copies the components. */
        public ContractUse {
            Objects.requireNonNull(declaredBy, "declaredBy");
            stateMachines = List.copyOf(stateMachines);
            reasonCodes = List.copyOf(reasonCodes);
            publishes = List.copyOf(publishes);
            consumes = List.copyOf(consumes);
        }

        /**
         * @param type a module class
         * @return what its {@link UsesContracts} declares, or nothing when it has none
         */
        public static java.util.Optional<ContractUse> of(Class<?> type) {
            UsesContracts uses = type.getAnnotation(UsesContracts.class);
            return uses == null ? java.util.Optional.empty() : java.util.Optional.of(new ContractUse(type.getName(),
                    List.of(uses.stateMachines()), List.of(uses.reasonCodes()), List.of(uses.publishes()),
                    List.of(uses.consumes())));
        }
    }
}
