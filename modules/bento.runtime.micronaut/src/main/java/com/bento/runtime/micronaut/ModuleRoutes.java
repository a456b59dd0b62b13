package com.bento.runtime.micronaut;

import com.bento.ReasonCode;
import com.bento.http.HttpCall;
import com.bento.http.HttpHandler;
import com.bento.http.HttpReply;
import com.bento.http.HttpRoutes;
import com.bento.runtime.DynamicModules;
import com.bento.runtime.ModuleDescriptor;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.body.CloseableAvailableByteBody;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.web.router.Router;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Serves the routes modules declare as code ({@link com.bento.Module#routes}), of the modules the
 * runtime started with and of those loaded while it runs. Micronaut 4.10's router is fixed when the
 * server starts (it copies its routes when it is made), so these routes are served by a filter that
 * runs after Bento's others (request id, rate limits, deadlines) and answers a matching request
 * itself; a request that matches none goes on to Micronaut's router.
 *
 * <p>Each call runs on the blocking executor inside its module's gate, a fair read-write lock: an
 * unload takes the gate, so it waits for the module's calls in flight (at most
 * {@code bento.modules.drain-timeout}, 30 s by default) and the calls that come meanwhile wait with
 * it, then find the route gone. A reload holds the gate from the old version's stop to the new
 * version's start, so that no call sees the module missing: calls in flight finish on the old
 * version, and the ones that waited go to the new one.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(beans = BentoHost.class)
@io.micronaut.context.annotation.Context // collected at start: a clash between routes fails the start
@io.micronaut.core.annotation.Order(io.micronaut.core.order.Ordered.LOWEST_PRECEDENCE) // the last filter: after BentoFilter, rate limits, deadlines
@SuppressWarnings("exports") // a bean Micronaut calls, not an API
public final class ModuleRoutes implements DynamicModules.Listener {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ModuleRoutes.class);
    private static final ReasonCode HELD = new ReasonCode("MODULE_UNAVAILABLE", 503, "UNAVAILABLE", true,
            "The module serving this route is being replaced and did not come back in time; retry");

    private final BentoHost host;
    private final Router router;
    private final Executor blocking;
    private final Duration drainTimeout;
    private volatile List<RouteTable.Route> routes;
    /** Routes of loads accepted but not yet started, by the load's module names. */
    private final Map<List<String>, List<RouteTable.Route>> pending = new HashMap<>();
    private final Map<String, ReentrantReadWriteLock> gates = new ConcurrentHashMap<>();
    /** Modules a reload is replacing: their old routes give way to the new version's. */
    private final Set<String> replacing = ConcurrentHashMap.newKeySet();

    ModuleRoutes(BentoHost host, Router router, @Named(TaskExecutors.BLOCKING) Executor blocking,
                 @Value("${bento.modules.drain-timeout:30s}") Duration drainTimeout) {
        this.host = host;
        this.router = router;
        this.blocking = blocking;
        this.drainTimeout = drainTimeout;
        List<RouteTable.Route> collected = new ArrayList<>();
        for (ModuleDescriptor d : host.runtime().moduleDescriptors()) {
            collected.addAll(collect(d, collected));
        }
        this.routes = List.copyOf(collected);
        host.runtime().dynamicModules().addListener(this);
        if (!collected.isEmpty()) {
            LOG.info("Serving {} route(s) declared as code: {}", collected.size(),
                    collected.stream().map(r -> r.method() + " " + r.template()).toList());
        }
    }

    /** @return the routes a module declared as code, for its node in the graph */
    List<com.bento.runtime.ModuleGraph.Route> routesOf(String module) {
        return routes.stream().filter(r -> r.module().equals(module))
                .map(r -> new com.bento.runtime.ModuleGraph.Route(r.method(), r.template())).toList();
    }

    /** @return the routes served, in the order they were declared */
    List<RouteTable.Route> routes() {
        return routes;
    }

    /**
     * @param request the request
     * @return the module's answer, or null (to let Micronaut route it) when no module route matches
     */
    @RequestFilter
    public CompletionStage<@Nullable MutableHttpResponse<?>> dispatch(HttpRequest<?> request) {
        String method = request.getMethodName().toUpperCase(Locale.ROOT);
        String path = request.getPath();
        List<RouteTable.Route> now = routes;
        if (now.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        RouteTable.Match match = RouteTable.match(now, method, path);
        if (match == null) {
            return CompletableFuture.completedFuture(notAllowed(now, method, path, request));
        }
        // the route's template, as Micronaut sets it for a controller: the access log, metrics and listeners read it
        io.micronaut.http.BasicHttpAttributes.setUriTemplate(request, match.route().template());
        CompletableFuture<byte[]> body = request instanceof ServerHttpRequest<?> server
                ? server.byteBody().buffer().thenApply(ModuleRoutes::bytes)
                : CompletableFuture.completedFuture(new byte[0]);
        CompletableFuture<@Nullable MutableHttpResponse<?>> answer = new CompletableFuture<>();
        body.whenComplete((bytes, failure) -> {
            if (failure != null) {
                answer.completeExceptionally(failure);
                return;
            }
            try {
                blocking.execute(() -> {
                    try {
                        answer.complete(call(now, match, request, method, path, bytes));
                    } catch (Throwable t) {
                        answer.completeExceptionally(t);
                    }
                });
            } catch (RuntimeException rejected) {
                answer.completeExceptionally(rejected);
            }
        });
        return answer;
    }

    private static byte[] bytes(CloseableAvailableByteBody body) {
        try (body) {
            return body.toByteArray();
        }
    }

    /**
     * Runs the call inside the module's gate; matches again only when the table changed while it
     * waited (a reload or unload), else the dispatch's match stands.
     */
    private @Nullable MutableHttpResponse<?> call(List<RouteTable.Route> seen, RouteTable.Match first,
                                                  HttpRequest<?> request, String method, String path,
                                                  byte[] body) throws Exception {
        String module = first.route().module();
        ReentrantReadWriteLock gate = gate(module);
        if (!gate.readLock().tryLock(drainTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
                    .body(ErrorResponses.body(HELD, HELD.message(), Map.of("module", module)));
        }
        try {
            List<RouteTable.Route> current = routes;
            RouteTable.Match match = current == seen ? first : RouteTable.match(current, method, path);
            if (match == null) {
                return null; // unloaded meanwhile: Micronaut answers (404, or a controller of that path)
            }
            HttpCall call = new HttpCall(method, path, match.variables(), request.getParameters().asMap(),
                    request.getHeaders().asMap(), body);
            HttpReply reply = match.route().handler().handle(call);
            if (reply == null) {
                throw new IllegalStateException("The handler of " + match.route().method() + " " + match.route().template()
                        + " in module '" + match.route().module() + "' returned null; return an HttpReply");
            }
            return response(reply, method.equals("HEAD"));
        } finally {
            gate.readLock().unlock();
        }
    }

    private static MutableHttpResponse<?> response(HttpReply reply, boolean head) {
        MutableHttpResponse<byte[]> response;
        try {
            response = HttpResponse.status(HttpStatus.valueOf(reply.status()));
        } catch (IllegalArgumentException unknown) {
            response = HttpResponse.status(reply.status(), "");
        }
        reply.headers().forEach(response::header);
        byte[] body = reply.body();
        if (body.length > 0) {
            response.contentType(reply.contentType());
            if (!head) {
                response.body(body);
            }
        }
        return response;
    }

    private @Nullable MutableHttpResponse<?> notAllowed(List<RouteTable.Route> now, String method, String path, HttpRequest<?> request) {
        Set<String> allowed = RouteTable.allowed(now, path);
        if (allowed.isEmpty()) {
            return null;
        }
        HttpMethod parsed = HttpMethod.parse(method);
        if (parsed != HttpMethod.CUSTOM && router.find(parsed, path, request).findAny().isPresent()) {
            return null; // a controller answers this method here
        }
        ReasonCode reason = ErrorResponses.forStatus(405, null);
        return HttpResponse.status(HttpStatus.METHOD_NOT_ALLOWED).header("Allow", String.join(", ", allowed))
                .body(ErrorResponses.body(reason, reason.message(), Map.of("allowed", String.join(", ", allowed))));
    }

    private ReentrantReadWriteLock gate(String module) {
        return gates.computeIfAbsent(module, m -> new ReentrantReadWriteLock(true));
    }

    /** Asks a module for its routes and checks them against the served ones and Micronaut's. */
    private List<RouteTable.Route> collect(ModuleDescriptor d, List<RouteTable.Route> against) {
        List<RouteTable.Route> declared = new ArrayList<>();
        HttpRoutes sink = new HttpRoutes() {
            @Override
            public HttpRoutes route(String method, String path, HttpHandler handler) {
                declared.add(RouteTable.declare(d.name(), method, path, handler));
                return this;
            }
        };
        d.module().routes(sink, host.runtime().container());
        RouteTable.checkClashes(d.name(), declared, against.stream().filter(r -> !replacing.contains(r.module())).toList(),
                router);
        return declared;
    }

    // ---- loaded modules ----

    @Override
    public synchronized void beforeLoad(List<ModuleDescriptor> modules) {
        for (ModuleDescriptor d : modules) {
            if (!d.controllers().isEmpty() || !d.filters().isEmpty()) {
                throw new com.bento.ConfigurationException("Module '" + d.name() + "' (" + d.origin() + ") declares"
                        + " Micronaut controllers or filters " + concat(d.controllers(), d.filters()) + ", which a module"
                        + " loaded while the server runs cannot have: Micronaut's router and filters are fixed when the"
                        + " server starts. Declare its routes in routes(HttpRoutes, Container), or start it with the runtime.");
            }
        }
        List<RouteTable.Route> against = new ArrayList<>(routes);
        List<RouteTable.Route> added = new ArrayList<>();
        for (ModuleDescriptor d : modules) {
            List<RouteTable.Route> mine = collect(d, against);
            against.addAll(mine);
            added.addAll(mine);
        }
        pending.put(names(modules), added);
    }

    @Override
    public synchronized void loaded(List<ModuleDescriptor> modules) {
        List<RouteTable.Route> added = pending.remove(names(modules));
        Set<String> names = Set.copyOf(names(modules));
        List<RouteTable.Route> next = new ArrayList<>(routes.stream().filter(r -> !names.contains(r.module())).toList());
        next.addAll(added == null ? List.of() : added);
        routes = List.copyOf(next);
        names.forEach(replacing::remove);
    }

    @Override
    public synchronized void loadFailed(List<ModuleDescriptor> modules) {
        pending.remove(names(modules));
    }

    @Override
    public void beforeUnload(String module, boolean replacing) {
        ReentrantReadWriteLock gate = gate(module);
        boolean got;
        try {
            got = gate.writeLock().tryLock(drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            got = false;
        }
        if (!got) {
            LOG.warn("Module '{}': its HTTP calls in flight did not finish within {}; it stops with them running"
                    + " (raise bento.modules.drain-timeout to wait longer)", module, drainTimeout);
        }
        synchronized (this) {
            if (replacing) {
                this.replacing.add(module);
            } else {
                routes = List.copyOf(routes.stream().filter(r -> !r.module().equals(module)).toList());
            }
        }
    }

    @Override
    public void unloaded(String module) {
        if (!replacing.contains(module)) {
            release(module);
        }
    }

    @Override
    public void reloadEnded(String module, boolean running) {
        synchronized (this) {
            // still replacing: no version came back (a version that loads takes its place in loaded)
            if (replacing.remove(module) || !running) {
                routes = List.copyOf(routes.stream().filter(r -> !r.module().equals(module)).toList());
            }
        }
        release(module);
    }

    private void release(String module) {
        ReentrantReadWriteLock gate = gates.get(module); // held by this thread when the drain finished in time
        if (gate != null && gate.isWriteLockedByCurrentThread()) {
            gate.writeLock().unlock();
        }
    }

    private static List<String> concat(List<Class<?>> a, List<Class<?>> b) {
        List<String> out = new ArrayList<>();
        a.forEach(c -> out.add(c.getName()));
        b.forEach(c -> out.add(c.getName()));
        return out;
    }

    private static List<String> names(List<ModuleDescriptor> modules) {
        return modules.stream().map(ModuleDescriptor::name).toList();
    }
}
