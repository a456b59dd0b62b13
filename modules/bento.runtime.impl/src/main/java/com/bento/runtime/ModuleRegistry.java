package com.bento.runtime;

import com.bento.Module;
import java.util.List;
import java.util.Optional;

/**
 * The loaded modules, and their start order.
 *
 * <p>{@link #resolveOrder()} puts every module after the modules it {@linkplain com.bento.Requires
 * requires}; among modules that are ready at the same time the one whose name sorts first comes
 * first, so the order does not depend on discovery order. The result is cached until the registry
 * changes. Safe to use from many threads.
 */
public interface ModuleRegistry {

    /** @return an empty registry */
    static ModuleRegistry create() {
        return new DefaultModuleRegistry();
    }

    /**
     * Adds a module.
     *
     * @param module the module
     * @throws com.bento.ModuleResolutionException when its name is invalid, or another module has the
     *         same name (the message names both classes and the module or jar each came from)
     */
    void register(Module module);

    /**
     * Adds a module whose requirements are known from elsewhere than its {@link com.bento.Requires}
     * annotation, such as a generated descriptor or a tool that builds graphs. Application modules
     * declare {@code @Requires} and are added with {@link #register(Module)}.
     *
     * @param module the module
     * @param requires the names it requires, in place of its annotation
     * @throws com.bento.ModuleResolutionException as {@link #register(Module)}
     */
    void register(Module module, List<String> requires);

    /**
     * Adds a module already described (read once, by discovery or by a tool).
     *
     * @param descriptor the module's descriptor
     * @throws com.bento.ModuleResolutionException when another module has the same name
     */
    void register(ModuleDescriptor descriptor);

    /**
     * Adds a module, or replaces the module of the same name (how test mocks stand in for real modules).
     *
     * @param module the module
     * @return the module it replaced, if any
     */
    Optional<Module> replace(Module module);

    /**
     * As {@link #replace(Module)}, for a module already described.
     *
     * @param descriptor the module's descriptor
     * @return the descriptor it replaced, if any
     */
    Optional<ModuleDescriptor> replace(ModuleDescriptor descriptor);

    /**
     * @param name a module name
     * @return the module of that name, if registered
     */
    Optional<Module> find(String name);

    /** @return the modules in registration order */
    List<Module> modules();

    /**
     * The names a module requires, read from its {@link com.bento.Requires} annotation.
     *
     * @param module a module
     * @return the required names, in declaration order, without repeats
     */
    List<String> requiresOf(Module module);

    /**
     * Orders the modules, dependencies first.
     *
     * @return every module, each after the modules it requires
     * @throws com.bento.ModuleResolutionException when a required module is not loaded (naming the
     *         module, the missing name and the loaded ones) or requirements form a cycle (printing it
     *         as {@code a -> b -> a})
     */
    List<Module> resolveOrder();

    /**
     * As {@link #resolveOrder()}, with what was read of each module.
     *
     * @return every module's descriptor, each after those it requires
     * @throws com.bento.ModuleResolutionException as {@link #resolveOrder()}
     */
    List<ModuleDescriptor> resolveDescriptors();
}
