/**
 * JUnit 5 support for tests of Bento applications and of Bento itself: server conditions and
 * {@link com.bento.test.BentoAssertions} (assertions about a runtime, kept out of production types).
 */
module bento.runtime.test {
    requires transitive org.junit.jupiter.api;
    requires transitive bento.runtime.impl;
    requires static transitive org.jspecify;

    exports com.bento.test;
}
