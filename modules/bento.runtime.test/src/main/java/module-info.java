/**
 * JUnit 5 support for tests of Bento applications and of Bento itself.
 */
module bento.runtime.test {
    requires transitive org.junit.jupiter.api;
    requires static transitive org.jspecify;

    exports com.bento.test;
}
