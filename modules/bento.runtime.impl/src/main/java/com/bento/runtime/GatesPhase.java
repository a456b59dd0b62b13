package com.bento.runtime;

import com.bento.GateContext;
import com.bento.GateFailedException;
import com.bento.GateResult;
import com.bento.StartupGate;
import com.bento.spi.ContractsLoader;
import com.bento.spi.Phase;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The gates phase: the contracts folder (through the one {@link ContractsLoader} found) and the
 * builder's gates, run before any module registers. Each result is kept; any error fails the start
 * with every error listed.
 */
final class GatesPhase {
    private static final System.Logger LOG = System.getLogger(BentoRuntime.class.getName());

    private final RuntimeSettings settings;
    private final List<ModuleRecord> records;
    private final DefaultContainer container;
    private final Listeners listeners;
    private final String serviceName;
    private final String environment;
    private final boolean testMode;
    private final List<GateResult> gateResults = new ArrayList<>();

    GatesPhase(RuntimeSettings settings, List<ModuleRecord> records, DefaultContainer container, Listeners listeners) {
        this.settings = settings;
        this.records = records;
        this.container = container;
        this.listeners = listeners;
        this.serviceName = settings.serviceName();
        this.environment = settings.environment();
        this.testMode = settings.testMode();
    }

    /** @return the results of every gate that ran, in order */
    List<GateResult> results() {
        return List.copyOf(gateResults);
    }

    private static List<String> names(List<ModuleRecord> list) {
        return list.stream().map(r -> r.name).toList();
    }

    /** @return whether the gates ran (they may be skipped) */
    boolean run() {
        if (settings.skipGates()) {
            LOG.log(Level.WARNING, "Startup gates skipped for service '" + serviceName + "' (environment '"
                    + environment + (testMode ? "', test mode" : "'") + "): " + settings.gates().size() + " gate(s) not run");
            return false;
        }
        listeners.phaseStarted(Phase.GATES);
        Map<String, GateContext.ContractUse> uses = new LinkedHashMap<>();
        for (ModuleRecord r : records) {
            r.descriptor.contracts().ifPresent(u -> uses.put(r.name, u));
        }
        GateContext context = new GateContext(serviceName, environment, names(records), testMode, uses);
        gateResults.addAll(evaluate(context, uses, true));
        List<String> errors = errors(gateResults);
        if (!errors.isEmpty()) {
            GateFailedException failure = new GateFailedException(gateResults, "Startup gates failed for service '"
                    + serviceName + "' with " + errors.size() + " error(s); no module was registered:\n"
                    + String.join("\n", errors));
            listeners.phaseFinished(Phase.GATES, failure);
            throw failure;
        }
        listeners.phaseFinished(Phase.GATES, null);
        return true;
    }

    /**
     * Checks modules loaded while the application runs: the contracts folder against their
     * {@code @UsesContracts} (with every module's names, running and added) and the builder's gates.
     *
     * @throws GateFailedException naming the modules, when a gate fails; nothing was registered
     */
    void checkAdded(List<String> allNames, List<ModuleDescriptor> added) {
        if (settings.skipGates()) {
            return;
        }
        Map<String, GateContext.ContractUse> uses = new LinkedHashMap<>();
        for (ModuleDescriptor d : added) {
            d.contracts().ifPresent(u -> uses.put(d.name(), u));
        }
        GateContext context = new GateContext(serviceName, environment, allNames, testMode, uses);
        List<GateResult> results = evaluate(context, uses, false);
        List<String> errors = errors(results);
        if (!errors.isEmpty()) {
            throw new GateFailedException(results, "Startup gates failed for module(s) "
                    + added.stream().map(ModuleDescriptor::name).toList() + " loaded into running service '" + serviceName
                    + "' with " + errors.size() + " error(s); the module(s) were not registered:\n" + String.join("\n", errors));
        }
    }

    /** Each error of the results, prefixed with its gate. */
    private static List<String> errors(List<GateResult> results) {
        return results.stream().flatMap(r -> r.errors().stream().map(e -> "[" + r.gate() + "] " + e)).toList();
    }

    private List<GateResult> evaluate(GateContext context, Map<String, GateContext.ContractUse> uses, boolean publish) {
        List<GateResult> results = new ArrayList<>();
        if (settings.contracts() != null) {
            loadContracts(context, results, publish);
        } else if (!uses.isEmpty()) {
            results.add(GateResult.failed("contracts", uses.entrySet().stream().map(e -> "Module '" + e.getKey()
                    + "' (" + e.getValue().declaredBy() + ") declares @UsesContracts, but no contracts folder is given."
                    + " Give it with withContracts(dir, true) (or BENTO_CONTRACTS for Bento's launchers)").toList()));
        }
        for (StartupGate gate : settings.gates()) {
            GateResult result;
            try {
                result = gate.check(context);
                if (result == null) {
                    result = GateResult.failed(gate.name(), List.of("Gate '" + gate.name()
                            + "' returned no result; a gate must return GateResult.passed(...) or its errors"));
                }
            } catch (Exception e) {
                result = GateResult.failed(gate.name(), List.of("Gate '" + gate.name() + "' failed to run: " + e));
            }
            results.add(result);
            for (String warning : result.warnings()) {
                LOG.log(Level.WARNING, "Gate '" + result.gate() + "': " + warning);
            }
        }
        return results;
    }

    private void loadContracts(GateContext context, List<GateResult> results, boolean publish) {
        java.nio.file.Path dir = java.util.Objects.requireNonNull(settings.contracts());
        List<ContractsLoader> loaders = Discovery.providers(settings, ContractsLoader.class);
        if (loaders.size() != 1) {
            results.add(GateResult.failed("contracts", List.of(loaders.isEmpty()
                    ? "withContracts(" + dir + ") needs Bento's contracts support, and no provider of"
                    + " com.bento.spi.ContractsLoader was found. Put bento-runtime-contracts on the module path"
                    + " (and 'requires bento.runtime.contracts;' in your module-info), or remove withContracts."
                    : "Several providers of com.bento.spi.ContractsLoader were found: " + loaders.stream()
                    .map(l -> com.bento.spi.Providers.origin(l.getClass())).collect(Collectors.joining(", "))
                    + ". Keep one bento-runtime-contracts jar on the path.")));
            return;
        }
        ContractsLoader.Loaded loaded = loaders.get(0).load(dir, settings.requireContracts(), context);
        results.add(loaded.result());
        loaded.result().warnings().forEach(w -> LOG.log(Level.WARNING, "Contracts: " + w));
        Object contracts = loaded.contracts();
        if (publish && contracts != null && loaded.result().ok()) {
            setTyped(loaded.type(), contracts);
        }
    }

    private <T> void setTyped(Class<T> type, Object instance) {
        container.set(com.bento.ReasonCatalog.CONTRACTS.name(), type, type.cast(instance)); // its own type, also a ReasonCatalog
    }
}
