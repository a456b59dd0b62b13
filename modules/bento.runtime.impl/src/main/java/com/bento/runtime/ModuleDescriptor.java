package com.bento.runtime;

import com.bento.GateContext;
import com.bento.Module;
import com.bento.ModuleResolutionException;
import com.bento.ModuleResolutionException.Reason;
import com.bento.Requires;
import com.bento.spi.Providers;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What a module is, read from it once when it is discovered or given: its name, what it requires,
 * where it comes from, whether it needs the database, what it serves. The registry orders
 * descriptors; the runtime, its listeners and the web host read them and never ask the module again.
 *
 * @param module the module instance whose hooks run
 * @param name its unique name ({@link Module#name()})
 * @param requires the names it requires, without repeats ({@link Requires}, or given to the registry)
 * @param kind how the runtime got it
 * @param jpmsModule the JPMS module its class belongs to, or {@code "unnamed"} on the class path
 * @param origin its class, JPMS module and jar, for messages
 * @param requiresDatabase whether it needs the database phase ({@link Module#requiresDatabase()})
 * @param controllers the HTTP controllers it serves ({@link Module#controllers()})
 * @param filters the HTTP filters it installs ({@link Module#filters()})
 * @param contracts the event contracts it declares ({@link com.bento.UsesContracts}), if any
 */
public record ModuleDescriptor(Module module, String name, List<String> requires, Kind kind, String jpmsModule,
                               String origin, boolean requiresDatabase, List<Class<?>> controllers,
                               List<Class<?>> filters, Optional<GateContext.ContractUse> contracts) {

    /** How the runtime got a module. */
    public enum Kind {
        /** Given to {@link RuntimeBuilder#withModules}. */
        GIVEN,
        /** Found by {@link java.util.ServiceLoader} in a discovery source. */
        DISCOVERED,
        /** A {@link RuntimeBuilder#withMockModule mock}, standing in for a module of its name. */
        MOCK,
        /** On the path but not asked for: its controllers exist and must not be served. */
        PRESENT,
        /** Loaded into a running runtime, in a module layer of its own ({@link DynamicModules}). */
        LOADED
    }

    /** Copies the lists; use {@link #of(Module, Kind)} to read a module. */
    public ModuleDescriptor {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        requires = List.copyOf(requires);
        controllers = List.copyOf(controllers);
        filters = List.copyOf(filters);
        Objects.requireNonNull(contracts, "contracts");
    }

    /**
     * Reads a module once: its name and {@code @Requires} are checked, and a method of the module that
     * throws fails here with the module's class and the method to fix.
     *
     * @param module the module
     * @param kind how the runtime got it
     * @return its descriptor
     * @throws ModuleResolutionException when its name or a requirement is invalid, or a method throws
     */
    public static ModuleDescriptor of(Module module, Kind kind) {
        Class<?> type = module.getClass();
        String name = ask(type, "name()", module::name);
        checkName(name, type, "its name");
        Requires annotation = type.getAnnotation(Requires.class);
        List<String> requires = annotation == null ? List.of()
                : List.copyOf(new LinkedHashSet<>(Arrays.asList(annotation.value())));
        for (String required : requires) {
            checkName(required, type, "@Requires");
        }
        java.lang.Module jpms = type.getModule();
        return new ModuleDescriptor(module, name, requires, kind, jpms.isNamed() ? jpms.getName() : "unnamed",
                Providers.origin(type), ask(type, "requiresDatabase()", module::requiresDatabase),
                ask(type, "controllers()", module::controllers), ask(type, "filters()", module::filters),
                GateContext.ContractUse.of(type));
    }

    /**
     * @param requires names given instead of the module's {@code @Requires}
     * @return this descriptor with those requirements, each checked
     */
    public ModuleDescriptor withRequires(List<String> requires) {
        for (String required : requires) {
            checkName(required, module.getClass(), "its requirements");
        }
        return new ModuleDescriptor(module, name, List.copyOf(new LinkedHashSet<>(requires)), kind, jpmsModule, origin,
                requiresDatabase, controllers, filters, contracts);
    }

    /**
     * @param kind another kind
     * @return this descriptor with that kind
     */
    ModuleDescriptor withKind(Kind kind) {
        return new ModuleDescriptor(module, name, requires, kind, jpmsModule, origin, requiresDatabase, controllers,
                filters, contracts);
    }

    /** @return the module's class */
    public Class<? extends Module> providerType() {
        return module.getClass();
    }

    private static <T> T ask(Class<?> type, String method, Supplier<@Nullable T> call) {
        T value;
        try {
            value = call.get();
        } catch (RuntimeException e) {
            throw new ModuleResolutionException(method.equals("name()") ? Reason.INVALID_NAME : Reason.LOAD_FAILED,
                    List.of(), "Module " + type.getName() + " failed in " + method + ": " + e + ". Fix its " + method
                    + " method; the runtime reads it once, when the module is discovered.", e);
        }
        if (value == null && !method.equals("name()")) {
            throw new ModuleResolutionException(Reason.LOAD_FAILED, List.of(), "Module " + type.getName() + "'s "
                    + method + " returned null. Return an empty list (or false) instead.");
        }
        return value;
    }

    static void checkName(@Nullable String name, Class<?> type, String where) {
        if (name == null || !Names.MODULE_NAME.matcher(name).matches()) {
            throw new ModuleResolutionException(Reason.INVALID_NAME, name == null ? List.of() : List.of(name),
                    "Module " + type.getName() + " has an invalid module name in " + where + ": "
                    + (name == null ? "null" : "'" + name + "'")
                    + ". Expected letters, digits, '_', '-' or '.' (pattern " + Names.MODULE_NAME.pattern() + ")."
                    + (where.equals("its name") ? " Override name() to return a valid name." : " Fix the annotation."));
        }
    }
}
