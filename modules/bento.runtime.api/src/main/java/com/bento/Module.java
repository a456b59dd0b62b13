package com.bento;

import java.util.List;
import java.util.Locale;

/**
 * A part of a Bento application, usually one bounded context, shipped as a JPMS module.
 *
 * <p>The runtime finds modules with {@link java.util.ServiceLoader}: a module jar declares
 * {@code provides com.bento.Module with ...} in its {@code module-info.java} and, to work on
 * the class path too, the same class in {@code META-INF/services/com.bento.Module}.
 * Dependencies on other modules are declared with {@link Requires} on the class.
 *
 * <p>Hooks run in dependency order: every module's {@link #onRegister} before any
 * {@link #onStartup}, and {@link #onShutdown} in reverse order. Each hook runs under a time
 * limit; see the runtime's builder.
 *
 * <p>Implementations need a public no-argument constructor (or a public static
 * {@code provider()} method) to be found by {@code ServiceLoader}.
 */
public interface Module {

    /**
     * The module's name, which other modules use in {@link Requires}.
     *
     * <p>By default the class's simple name without a trailing {@code Module}, lower-cased:
     * {@code CatalogModule} is {@code catalog}. Override it to choose another. Names may hold
     * letters, digits, {@code _}, {@code -} and {@code .}.
     *
     * @return the module's name, never empty
     */
    default String name() {
        return defaultName(getClass());
    }

    /**
     * Registers this module's services. Runs once, after the {@code onRegister} of every module
     * this one requires.
     *
     * @param container the application's container
     * @throws Exception any failure, which aborts the start
     */
    default void onRegister(Container container) throws Exception {
    }

    /**
     * Starts this module's work (warm a cache, open a consumer). Runs once, after every module
     * has registered and after the {@code onStartup} of the modules this one requires.
     *
     * @param container the application's container
     * @throws Exception any failure; the modules already started are then stopped in reverse
     */
    default void onStartup(Container container) throws Exception {
    }

    /**
     * Stops this module's work. Runs once, in reverse start order, only for a module whose
     * {@link #onStartup} ran.
     *
     * @param container the application's container
     * @throws Exception any failure; the other modules are stopped all the same
     */
    default void onShutdown(Container container) throws Exception {
    }

    /**
     * Whether this module needs a database; the runtime then runs its database phase and fails
     * the start, naming this module, when no database can be set up.
     *
     * @return {@code true} when the module needs a database
     */
    default boolean requiresDatabase() {
        return false;
    }

    /**
     * Classes a web host should serve for this module, such as Micronaut controllers. Kept as
     * plain classes so that the API does not depend on any web framework.
     *
     * @return the controller classes, empty by default
     */
    default List<Class<?>> controllers() {
        return List.of();
    }

    /**
     * HTTP filters a web host should apply for this module (Micronaut {@code @ServerFilter} classes,
     * say), like {@link #controllers()}.
     *
     * @return the filter classes, empty by default
     */
    default List<Class<?>> filters() {
        return List.of();
    }

    /**
     * HTTP routes this module serves as code ({@link com.bento.http}), besides or instead of
     * {@link #controllers()}. Called once, by a web host, after the module registered; a module
     * loaded while the application runs serves HTTP this way, since a framework's router is fixed
     * when its server starts. The handlers may look services up in the container when they run.
     *
     * @param routes where to declare them
     * @param container the application's container
     */
    default void routes(com.bento.http.HttpRoutes routes, Container container) {
    }

    /**
     * Derives the default module name of a class: its simple name without a trailing
     * {@code Module}, lower-cased.
     *
     * @param type the module class
     * @return the derived name, empty for anonymous classes and a class named {@code Module}
     */
    static String defaultName(Class<?> type) {
        String simple = type.getSimpleName();
        if (simple.endsWith("Module")) {
            simple = simple.substring(0, simple.length() - "Module".length());
        }
        return simple.toLowerCase(Locale.ROOT);
    }
}
