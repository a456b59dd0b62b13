/**
 * The API a Bento module is written against.
 *
 * <p>A module implements {@link com.bento.Module}, declares what it needs with
 * {@link com.bento.Requires} and registers its services in a {@link com.bento.Container}.
 * The {@code com.bento.spi} package is for extensions of the runtime itself (a database
 * phase, startup listeners such as tracing), not for application modules.
 *
 * <p>The module depends on nothing but {@code java.base}; JSpecify's annotations are
 * needed only to compile it.
 */
module bento.runtime.api {
    requires static transitive org.jspecify;

    exports com.bento;
    exports com.bento.spi;
    exports com.bento.http;
}
