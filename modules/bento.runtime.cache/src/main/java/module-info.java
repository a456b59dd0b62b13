/**
 * Bento's cache: the {@code cache} module puts a {@link com.bento.cache.Cache} in the container under
 * {@code cache}, backed by memory (Caffeine) or Redis (Lettuce) as {@link com.bento.cache.CacheSettings}
 * say, and closes it at shutdown.
 *
 * @provides com.bento.Module the {@code cache} module
 */
module bento.runtime.cache {
    requires transitive bento.runtime.api;
    requires static transitive org.jspecify;
    requires com.github.benmanes.caffeine;
    requires lettuce.core;

    exports com.bento.cache;

    provides com.bento.Module with com.bento.cache.CacheModule;
}
