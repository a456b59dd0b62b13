/** The shop's shared services: a clock and identifiers; and its console logging. */
module shop.infra {
    requires transitive bento.runtime.micronaut;
    requires ch.qos.logback.classic;
    requires ch.qos.logback.core;

    exports shop.infra.api;

    provides com.bento.Module with shop.infra.InfraModule;
    provides ch.qos.logback.classic.spi.Configurator with shop.infra.ConsoleLogging;
}
