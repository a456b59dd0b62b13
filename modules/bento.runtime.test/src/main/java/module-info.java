/**
 * Testing a Bento application: {@link com.bento.test.BentoTest} (a JUnit 5 extension),
 * {@link com.bento.test.BentoAssertions} (assertions about a runtime, kept out of production types),
 * an in-memory repository, and the server conditions of
 * bento.runtime.testsupport.
 */
module bento.runtime.test {
    requires transitive org.junit.jupiter.api;
    requires transitive bento.runtime.impl;
    requires transitive bento.runtime.testsupport;
    // the in-memory repository: present when the application has the data module
    requires static transitive bento.runtime.data;
    requires static transitive org.jspecify;

    exports com.bento.test;
}
