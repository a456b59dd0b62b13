/**
 * Testing a Bento application: {@link com.bento.test.BentoTest} (a JUnit 5 extension),
 * {@link com.bento.test.BentoAssertions} (assertions about a runtime, kept out of production types),
 * test doubles ({@link com.bento.test.MockModule}, an in-memory repository, a recording event
 * bus), and the server conditions of
 * bento.runtime.testsupport.
 */
module bento.runtime.test {
    requires transitive org.junit.jupiter.api;
    requires transitive bento.runtime.impl;
    requires transitive bento.runtime.testsupport;
    // the in-memory repository: present when the application has the data module
    requires static transitive bento.runtime.data;
    // the recording event bus: present when the application has the events module
    requires static transitive bento.runtime.events;
    // @BentoTest(web = true): present when the application has the Micronaut host
    requires static bento.runtime.micronaut;
    requires static transitive org.jspecify;

    exports com.bento.test;
}
