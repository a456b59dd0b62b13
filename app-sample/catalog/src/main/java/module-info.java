/** The shop's catalog: products and their prices; offers {@link shop.catalog.api.PricingPort}. */
module shop.catalog {
    requires transitive bento.runtime.micronaut;
    requires transitive bento.runtime.data;
    requires transitive bento.runtime.events;
    requires transitive bento.runtime.cache;
    requires transitive shop.infra;

    exports shop.catalog.api;
    // controllers are created by Micronaut, which needs the package exported to everyone
    exports shop.catalog.web;

    provides com.bento.Module with shop.catalog.CatalogModule;
}
