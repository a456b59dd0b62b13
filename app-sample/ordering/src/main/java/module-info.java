/** The shop's orders, moved through the Order state machine of the contracts. */
module shop.ordering {
    requires transitive bento.runtime.micronaut;
    requires transitive bento.runtime.data;
    requires transitive bento.runtime.contracts;
    requires transitive bento.runtime.events;
    requires transitive shop.infra;
    requires transitive shop.catalog;

    // controllers are created by Micronaut, which needs the package exported to everyone
    exports shop.ordering.web;
    // the events it publishes: the bus reads and rebuilds them
    exports shop.ordering.api;

    provides com.bento.Module with shop.ordering.OrderingModule;
}
