/** The shop's shared services: a clock and identifiers. */
module shop.infra {
    requires transitive bento.runtime.micronaut;

    exports shop.infra.api;

    provides com.bento.Module with shop.infra.InfraModule;
}
