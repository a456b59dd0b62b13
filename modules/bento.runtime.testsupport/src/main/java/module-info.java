/**
 * Conditions for tests that need a real server (PostgreSQL, Redis, a broker): skipped with the reason
 * when it does not answer, failed under {@code CI=true}; and a private Redis server for outage tests.
 */
module bento.runtime.testsupport {
    requires transitive org.junit.jupiter.api;
    requires static transitive org.jspecify;

    exports com.bento.testsupport;
}
