/**
 * Bento's core runtime: discovers modules, orders them, runs their lifecycle and holds their
 * services.
 *
 * <p>Logs through {@link System.Logger}, so the application chooses the backend (SLF4J's
 * {@code slf4j-jdk-platform-logging}, say) and this module needs no logging library.
 *
 * @uses com.bento.Module application modules, from the module path or {@code META-INF/services}
 * @uses com.bento.spi.RuntimeListener observers of the start, such as tracing
 * @uses com.bento.spi.DatabasePhase the database set-up, when a module requires a database
 * @uses com.bento.spi.ContractsLoader the contracts gate, when the builder is given a contracts folder
 */
module bento.runtime.impl {
    requires transitive bento.runtime.api;
    requires static transitive org.jspecify;

    exports com.bento.runtime;

    uses com.bento.Module;
    uses com.bento.spi.RuntimeListener;
    uses com.bento.spi.DatabasePhase;
    uses com.bento.spi.ContractsLoader;
}
