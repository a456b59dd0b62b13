package com.bento.spi;

import com.bento.ModuleResolutionException;
import com.bento.ModuleResolutionException.Reason;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The one way Bento reads a service-provider interface: every provider of every SPI (modules,
 * listeners, the database phase, external publishers, deadline sources…) is created here, with
 * one failure policy. A provider that cannot be listed or created stops the caller with a
 * {@link ModuleResolutionException} of reason {@link Reason#LOAD_FAILED} that names the SPI, the
 * provider class, the JPMS module (or class path) and jar it came from, the cause and the fix;
 * nothing is skipped silently.
 *
 * <p>The caller makes the {@link ServiceLoader} itself ({@code ServiceLoader.load(Type.class)},
 * or on a layer or class loader), because JPMS checks that the module creating a loader
 * declares {@code uses Type}; this class only reads it.
 */
public final class Providers {
    private Providers() {
    }

    /**
     * Creates every provider the loader lists, once per provider class, in the loader's order.
     *
     * @param loader a loader made by the caller, whose module {@code uses} the service
     * @param type the service type, for the messages
     * @param <T> the service type
     * @return the providers
     * @throws ModuleResolutionException when a provider cannot be listed or created
     */
    public static <T> List<T> load(ServiceLoader<T> loader, Class<T> type) {
        return load(loader, type, Set.of());
    }

    /**
     * As {@link #load(ServiceLoader, Class)}, skipping providers of the given classes without
     * creating them (their instances exist already).
     *
     * @param loader a loader made by the caller
     * @param type the service type
     * @param skip provider classes not to create
     * @param <T> the service type
     * @return the providers created
     */
    public static <T> List<T> load(ServiceLoader<T> loader, Class<T> type, Set<Class<?>> skip) {
        return load(loader, type, (java.util.function.Predicate<Class<?>>) c -> !skip.contains(c));
    }

    /**
     * As {@link #load(ServiceLoader, Class)}, creating only the providers whose class passes the
     * filter (the others are not created at all): the providers of one module layer, say.
     *
     * @param loader a loader made by the caller
     * @param type the service type
     * @param include which provider classes to create
     * @param <T> the service type
     * @return the providers created
     */
    public static <T> List<T> load(ServiceLoader<T> loader, Class<T> type, java.util.function.Predicate<Class<?>> include) {
        List<T> out = new ArrayList<>();
        Set<Class<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<ServiceLoader.Provider<T>> listed;
        try {
            listed = loader.stream().toList();
        } catch (ServiceConfigurationError e) {
            throw failed(type, null, e);
        }
        for (ServiceLoader.Provider<T> p : listed) {
            Class<? extends T> providerType;
            try {
                providerType = p.type();
            } catch (ServiceConfigurationError e) {
                throw failed(type, null, e);
            }
            if (!include.test(providerType) || !seen.add(providerType)) {
                continue;
            }
            try {
                out.add(type.cast(p.get()));
            } catch (ServiceConfigurationError | RuntimeException e) {
                throw failed(type, providerType, e);
            }
        }
        return out;
    }

    private static ModuleResolutionException failed(Class<?> type, @Nullable Class<?> provider, Throwable e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        String who = provider == null ? "A provider" : "Provider " + origin(provider);
        return new ModuleResolutionException(Reason.LOAD_FAILED, List.of(), who + " of " + type.getName()
                + " could not be created: " + e.getMessage() + (cause != e ? " (" + cause + ")" : "")
                + ". Fix: the class named in 'provides " + type.getName() + " with ...' (module-info.java) or in"
                + " META-INF/services/" + type.getName() + " must exist, be public, have a public no-argument"
                + " constructor or a public static provider() method, and not throw while it is created.", e);
    }

    /**
     * Where a class came from, for messages: its name, its JPMS module (or "class path") and its
     * jar or folder as a file path.
     *
     * @param type a class
     * @return {@code "com.shop.CatalogModule (module shop.catalog, /app/lib/catalog.jar)"}
     */
    public static String origin(Class<?> type) {
        java.lang.Module m = type.getModule();
        URI location = null;
        if (m.isNamed() && m.getLayer() != null) {
            location = m.getLayer().configuration().findModule(m.getName())
                    .flatMap(rm -> rm.reference().location()).orElse(null);
        }
        if (location == null) {
            CodeSource cs = type.getProtectionDomain().getCodeSource();
            URL url = cs == null ? null : cs.getLocation();
            try {
                location = url == null ? null : url.toURI();
            } catch (URISyntaxException e) {
                location = null;
            }
        }
        String where = m.isNamed() ? "module " + m.getName() : "class path";
        return type.getName() + " (" + where + (location == null ? "" : ", " + readable(location)) + ")";
    }

    private static String readable(URI location) {
        if ("file".equals(location.getScheme())) {
            try {
                return Path.of(location).toString();
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                return location.toString();
            }
        }
        return location.toString();
    }
}
