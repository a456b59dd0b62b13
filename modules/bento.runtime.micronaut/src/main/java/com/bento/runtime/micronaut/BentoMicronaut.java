package com.bento.runtime.micronaut;

import com.bento.LifecycleException;
import com.bento.runtime.BentoRuntime;
import com.bento.runtime.RuntimeBuilder;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.RuntimeBeanDefinition;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.net.BindException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Bento application on Micronaut's Netty server when Bento owns {@code main}.
 *
 * <pre>{@code
 * try (BentoApp app = BentoMicronaut.builder(BentoRuntime.builder().withConfig("shop", "prod").discoverModules())
 *         .port(8080)
 *         .start()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link Builder#start()} builds the runtime (gates, register, database) while a background thread
 * loads Micronaut's bean definitions ({@link Builder#preload}), checks that every module's controllers
 * and filters are in exported packages, bridges the container into a new application context, starts
 * the context and the server, then runs the modules' {@code onStartup}.
 * A failure at any step undoes the steps before it (modules already started stop in reverse) and is
 * thrown as one exception with one clear message; {@link #runOrExit} prints it and exits with 1.
 */
public final class BentoMicronaut {
    private static final Logger LOG = LoggerFactory.getLogger(BentoMicronaut.class);
    /** Set while {@link Builder#start()} builds a context, so that the context configurer stays out of the way. */
    static final ThreadLocal<Boolean> MANAGED = new ThreadLocal<>();

    private BentoMicronaut() {
    }

    /**
     * @param runtime a configured runtime builder; {@link Builder#start()} builds it
     * @return a builder for the application
     */
    public static Builder builder(RuntimeBuilder runtime) {
        return new Builder(Objects.requireNonNull(runtime, "runtime"), null);
    }

    /**
     * @param runtime a runtime already built (not started)
     * @return a builder for the application
     */
    public static Builder builder(BentoRuntime runtime) {
        return new Builder(null, Objects.requireNonNull(runtime, "runtime"));
    }

    /**
     * A launcher that names no module: runs every module found by {@link ServiceLoader} on
     * Micronaut, for {@code java --module-path ... --add-modules ALL-MODULE-PATH -m
     * bento.runtime.micronaut/com.bento.runtime.micronaut.BentoMicronaut}. Settings, each a system
     * property or an environment variable: {@code bento.service-name} / {@code BENTO_SERVICE_NAME}
     * (default {@code bento}), {@code bento.environment} / {@code BENTO_ENV} (default {@code local}),
     * {@code bento.contracts} / {@code BENTO_CONTRACTS} (a contracts folder, required when given).
     * Prints {@code Bento '<service>' serving on <url>} once the modules have started.
     *
     * @param args passed to Micronaut ({@code -micronaut.server.port=8081})
     */
    public static void main(String[] args) {
        for (String arg : args) {
            if (arg.equals("--graph") || arg.startsWith("--graph=")) {
                String format = arg.equals("--graph") ? "mermaid" : arg.substring("--graph=".length());
                System.out.print(graphText(fromSettings(), format));
                System.out.flush();
                return;
            }
        }
        BentoApp app = runOrExit(fromSettings(), args);
        System.out.println("Bento '" + app.runtime().serviceName() + "' serving on " + app.url());
    }

    /**
     * The graph of the modules a builder would run, with the routes their controllers declare, without
     * starting anything ({@code --graph} / {@code --graph=json} on the launcher).
     *
     * @param runtime a configured runtime builder; nothing is built
     * @param format {@code mermaid} or {@code json}
     * @return the text
     */
    static String graphText(RuntimeBuilder runtime, String format) {
        com.bento.runtime.ModuleGraph graph = runtime.graph(Routes::declared);
        return switch (format) {
            case "mermaid" -> graph.toMermaid();
            case "json" -> Json.write(graph.asMap()) + System.lineSeparator();
            default -> throw new com.bento.ConfigurationException("--graph=" + format + ": expected --graph=mermaid"
                    + " (the default) or --graph=json");
        };
    }

    /**
     * A runtime builder for the launchers that name no module ({@link #main} and Micronaut's own
     * {@code main}): every module {@link ServiceLoader} finds, and from settings (a system property or
     * an environment variable each) the service name ({@code bento.service-name} /
     * {@code BENTO_SERVICE_NAME}, default {@code bento}), the environment ({@code bento.environment} /
     * {@code BENTO_ENV}, default {@code local}) and a contracts folder ({@code bento.contracts} /
     * {@code BENTO_CONTRACTS}), required when given.
     *
     * @return the configured builder
     */
    public static RuntimeBuilder fromSettings() {
        RuntimeBuilder builder = BentoRuntime.builder()
                .withConfig(com.bento.Settings.lookup("bento.service-name", "BENTO_SERVICE_NAME", "bento"),
                        com.bento.Settings.lookup("bento.environment", "BENTO_ENV", "local"))
                .discoverModules();
        com.bento.Settings.lookup("bento.contracts", "BENTO_CONTRACTS")
                .ifPresent(dir -> builder.withContracts(java.nio.file.Path.of(dir), true));
        return builder;
    }

    /**
     * @return how long a stop waits for requests in flight: {@code bento.drain-timeout} /
     *         {@code BENTO_DRAIN_TIMEOUT} ({@code 10s} by default)
     */
    static boolean preloadSetting() {
        return com.bento.Settings.flag("bento.micronaut.preload",
                com.bento.Settings.lookup("bento.micronaut.preload", "BENTO_MICRONAUT_PRELOAD", "true"));
    }

    static Duration drainTimeoutSetting() {
        return com.bento.Settings.duration("bento.drain-timeout",
                com.bento.Settings.lookup("bento.drain-timeout", "BENTO_DRAIN_TIMEOUT", "10s"));
    }

    /**
     * Starts the application for a {@code main} method: on failure, prints the one message to
     * standard error and exits with status 1; on SIGTERM, stops gracefully.
     *
     * @param runtime a configured runtime builder
     * @param args the command line, passed to Micronaut ({@code -micronaut.server.port=8081})
     * @return the running application
     */
    public static BentoApp runOrExit(RuntimeBuilder runtime, String... args) {
        try {
            return builder(runtime).args(args).drainTimeout(drainTimeoutSetting()).shutdownHook(true).start();
        } catch (RuntimeException e) {
            System.err.println(failureReport(e));
            LOG.debug("Bento application failed to start; the whole failure:", com.bento.Settings.redact(e, List.of()));
            System.exit(1);
            throw e;
        }
    }

    /**
     * What a failed start prints, once: the failure's message, and its first cause when the message
     * does not already tell it; passwords masked. The whole chain is logged at DEBUG.
     */
    static String failureReport(Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        StringBuilder out = new StringBuilder("Bento application failed to start: ").append(message);
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != failure && root.getMessage() != null && !message.contains(root.getMessage())) {
            out.append(System.lineSeparator()).append("  cause: ").append(root);
        }
        return com.bento.Settings.maskPasswords(out.toString());
    }

    /** Configures and starts a {@link BentoApp}. */
    public static final class Builder {
        private final @Nullable RuntimeBuilder runtimeBuilder;
        private @Nullable BentoRuntime runtime;
        private final Map<String, Object> properties = new LinkedHashMap<>();
        private String[] args = new String[0];
        private Duration drainTimeout = Duration.ofSeconds(10);
        private boolean shutdownHook;
        private boolean preload = preloadSetting();

        private final ContextBeans beans = new ContextBeans();

        private Builder(@Nullable RuntimeBuilder runtimeBuilder, @Nullable BentoRuntime runtime) {
            this.runtimeBuilder = runtimeBuilder;
            this.runtime = runtime;
            if (runtimeBuilder != null) {
                runtimeBuilder.withService("beans", beans);
            }
        }

        /**
         * @param port the HTTP port; 0 picks a free one; by default Micronaut's {@code micronaut.server.port} (8080)
         * @return this builder
         */
        public Builder port(int port) {
            properties.put("micronaut.server.port", port);
            return this;
        }

        /**
         * @param key a Micronaut configuration key
         * @param value its value
         * @return this builder
         */
        public Builder property(String key, Object value) {
            properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @param args the command line, for Micronaut's command-line property source
         * @return this builder
         */
        public Builder args(String... args) {
            this.args = args.clone();
            return this;
        }

        /**
         * @param timeout how long {@link BentoApp#close()} waits for requests in flight; 10 s by default
         * @return this builder
         */
        public Builder drainTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("drainTimeout must not be negative, was " + timeout);
            }
            this.drainTimeout = timeout;
            return this;
        }

        /**
         * @param install whether a JVM shutdown hook (SIGTERM) closes the application gracefully
         * @return this builder
         */
        public Builder shutdownHook(boolean install) {
            this.shutdownHook = install;
            return this;
        }

        /**
         * Whether Micronaut's bean definitions are loaded on a background thread while the runtime
         * builds (gates, register, database), so that the context starts sooner after it. Only when
         * this builder builds the runtime; on by default, off with {@code bento.micronaut.preload=false}
         * or {@code BENTO_MICRONAUT_PRELOAD=false}. {@code /bento/startup} reports what it loaded.
         *
         * @param preload whether to preload
         * @return this builder
         */
        public Builder preload(boolean preload) {
            this.preload = preload;
            return this;
        }

        /**
         * Builds and starts everything; see {@link BentoMicronaut}.
         *
         * @return the running application
         */
        public BentoApp start() {
            BeanPreload preloaded = runtime == null && preload ? BeanPreload.start(ApplicationContext.class.getClassLoader()) : null;
            BentoRuntime rt = runtime != null ? runtime : Objects.requireNonNull(runtimeBuilder).build();
            if (!rt.container().has(com.bento.Beans.KEY)) {
                rt.container().set(com.bento.Beans.KEY, beans);
            }
            ApplicationContext context = null;
            EmbeddedServer server = null;
            try {
                ExportCheck.verify(rt.moduleDescriptors());
                BentoHost host = new BentoHost(rt);
                host.preloaded(preloaded);
                ApplicationContextBuilder b = ApplicationContext.builder()
                        .properties(Map.of("micronaut.application.name", rt.serviceName()))
                        .properties(dataSourceProperties(rt, properties))
                        .properties(properties)
                        .args(args)
                        .banner(false)
                        .deduceEnvironment(false);
                long bridgeBegin = System.nanoTime();
                b.beanDefinitions(Bridge.definitions(rt, host).toArray(RuntimeBeanDefinition<?>[]::new));
                host.addBridgeTime(System.nanoTime() - bridgeBegin);
                MANAGED.set(Boolean.TRUE);
                try {
                    context = b.build();
                    context.start();
                } finally {
                    MANAGED.remove();
                }
                checkRoutes(context, host);
                beans.attach(context);
                if (Bridge.dataSupport()) {
                    long repositoriesBegin = System.nanoTime();
                    DataRepositories.register(context, rt.container());
                    host.addBridgeTime(System.nanoTime() - repositoriesBegin);
                }
                server = context.getBean(EmbeddedServer.class);
                startServer(server, context);
                rt.start();
                DefaultBentoApp app = new DefaultBentoApp(rt, context, server, host, drainTimeout);
                if (shutdownHook) {
                    app.installShutdownHook();
                }
                LOG.info("Bento application '{}' listening on {} with modules {}", rt.serviceName(), app.listening(),
                        rt.moduleDescriptors().stream().map(com.bento.runtime.ModuleDescriptor::name).toList());
                return app;
            } catch (RuntimeException | Error e) {
                if (server != null && server.isRunning()) {
                    try {
                        server.stop();
                    } catch (RuntimeException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                if (context != null && context.isRunning()) {
                    try {
                        context.close();
                    } catch (RuntimeException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                try {
                    rt.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
    }

    /**
     * Micronaut Data JDBC creates its repository operations for each data source that has a
     * {@code datasources.<name>} configuration; for Bento's pool (bridged as the data source named
     * {@code default}) that is {@code datasources.default.dialect}, derived from the database's URL
     * unless the application set it.
     */
    static Map<String, Object> dataSourceProperties(BentoRuntime rt, Map<String, Object> given) {
        if (given.containsKey("datasources.default.dialect")) {
            return Map.of();
        }
        return rt.container().find(com.bento.data.Database.DATA_SOURCE_NAME, javax.sql.DataSource.class).map(ds -> {
            try (java.sql.Connection c = ds.getConnection()) {
                String url = c.getMetaData().getURL();
                String dialect = url.startsWith("jdbc:postgresql:") ? "POSTGRES" : url.startsWith("jdbc:h2:") ? "H2"
                        : url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:") ? "MYSQL"
                        : url.startsWith("jdbc:oracle:") ? "ORACLE" : url.startsWith("jdbc:sqlserver:") ? "SQL_SERVER" : "ANSI";
                return Map.<String, Object>of("datasources.default.dialect", dialect);
            } catch (java.sql.SQLException e) {
                throw new LifecycleException("startup", null, "The database's dialect could not be read for Micronaut"
                        + " Data: " + e.getMessage() + ". Set datasources.default.dialect.", e);
            }
        }).orElse(Map.of());
    }

    private static void checkRoutes(ApplicationContext context, BentoHost host) {
        List<String> problems = new ArrayList<>();
        for (Class<?> controller : host.served()) {
            if (context.findBeanDefinition(controller).isEmpty()) {
                problems.add("Controller " + controller.getName() + " is listed by a module's controllers() but is not a"
                        + " Micronaut bean. Annotate it with @Controller and compile its module with micronaut-inject-java"
                        + " as annotation processor.");
            }
        }
        String health = context.getProperty("bento.endpoints.health.path", String.class).orElse("/health");
        boolean healthOn = !"false".equals(context.getProperty("bento.endpoints.health.enabled", String.class).orElse("true"));
        if (healthOn) {
            context.findBean(Router.class).ifPresent(router -> router.uriRoutes()
                    .filter(r -> r.getDeclaringType() != HealthEndpoint.class)
                    .filter(r -> r.getHttpMethod() != io.micronaut.http.HttpMethod.HEAD) // Micronaut adds HEAD for each GET
                    .filter(r -> matches(r, health))
                    .forEach(r -> problems.add(r.getDeclaringType().getName() + " maps " + r.getHttpMethodName() + " "
                            + r.getUriMatchTemplate() + ", which clashes with Bento's health endpoint " + health
                            + ". Move the route, or move Bento's with bento.endpoints.health.path, or switch Bento's off"
                            + " with bento.endpoints.health.enabled=false.")));
        }
        if (!problems.isEmpty()) {
            throw new LifecycleException("startup", null, String.join("\n", problems.stream().distinct().toList()), null);
        }
    }

    private static boolean matches(UriRouteInfo<?, ?> route, String path) {
        return route.getUriMatchTemplate().match(path).isPresent()
                || route.getUriMatchTemplate().match(path + "/readiness").isPresent()
                || route.getUriMatchTemplate().match(path + "/liveness").isPresent();
    }

    private static void startServer(EmbeddedServer server, ApplicationContext context) {
        Object port = context.getProperty("micronaut.server.port", String.class).orElse("8080");
        try {
            server.start();
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause != null && !(cause instanceof BindException)) {
                cause = cause.getCause();
            }
            if (cause != null) {
                throw new LifecycleException("startup", null, "Port " + port + " is already in use, so the HTTP server"
                        + " could not start (" + cause.getMessage() + "). Stop the process that holds it, or choose"
                        + " another port with -micronaut.server.port=<port> (or MICRONAUT_SERVER_PORT).", e);
            }
            throw e;
        }
    }
}
