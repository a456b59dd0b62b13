/**
 * Bento's contracts: a folder of reason codes, state machines, event routing and event schemas
 * that modules share. Validated in the gates phase before any module registers (see
 * {@code RuntimeBuilder.withContracts}), then served to modules through the container entry
 * {@code contracts} ({@link com.bento.contracts.Contracts}).
 *
 * <p>YAML is read with SnakeYAML Engine, which builds plain nodes and never instantiates classes
 * named in a document; JSON with Jackson; schemas are checked with networknt's validator for JSON
 * Schema 2020-12. Files are read with size, alias and nesting limits.
 *
 * @provides com.bento.spi.ContractsLoader the contracts gate
 */
module bento.runtime.contracts {
    requires transitive bento.runtime.api;
    requires static transitive org.jspecify;
    requires org.snakeyaml.engine.v2;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires com.networknt.schema;

    exports com.bento.contracts;

    provides com.bento.spi.ContractsLoader with com.bento.contracts.ContractsProvider;
}
