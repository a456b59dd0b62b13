package com.bento.runtime.micronaut;

import com.bento.BentoException;
import com.bento.Container;
import com.bento.Health;
import com.bento.HealthCheck;
import com.bento.Lifetime;
import com.bento.Module;
import com.bento.ReasonCode;
import com.bento.Requires;
import io.micronaut.context.annotation.Context;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A two-module shop for the host tests: catalog (a repository and a controller) and ordering (requires catalog). */
final class Shop {
    private Shop() {
    }

    static final List<String> events = new CopyOnWriteArrayList<>();
    static final AtomicInteger repositoriesMade = new AtomicInteger();
    static volatile RuntimeException failOrderingStartup;

    /** @return a runtime builder for the shop: catalog and ordering, in local mode, no discovered listeners */
    static com.bento.runtime.RuntimeBuilder runtime() {
        return com.bento.runtime.BentoRuntime.builder().withConfig("shop", "local").withListenerDiscovery(false)
                .withModules(new OrderingModule(), new CatalogModule());
    }

    public interface PricingPort {
        long price(String sku);
    }

    interface CategoryRepository {
        List<String> names();
    }

    public static final class CatalogModule implements Module {
        @Override
        public void onRegister(Container container) {
            events.add("catalog.register");
            container.setFactory("catalog.repo", CategoryRepository.class, () -> {
                repositoriesMade.incrementAndGet();
                return () -> List.of("books", "games");
            });
            container.setFactory("catalog.requestCounter", AtomicInteger.class, AtomicInteger::new, Lifetime.TRANSIENT);
            container.get("ports", com.bento.Ports.class).provide(PricingPort.class, sku -> 7);
            container.set("catalog.health", HealthCheck.class, () -> new Health(Health.Status.UP, Map.of("categories", 2)));
        }

        @Override
        public void onStartup(Container container) {
            events.add("catalog.startup");
        }

        @Override
        public void onShutdown(Container container) {
            events.add("catalog.shutdown");
        }

        @Override
        public List<Class<?>> controllers() {
            return List.of(CatalogController.class);
        }
    }

    @Requires("catalog")
    public static final class OrderingModule implements Module {
        @Override
        public void onStartup(Container container) {
            events.add("ordering.startup");
            RuntimeException failure = failOrderingStartup;
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public void onShutdown(Container container) {
            events.add("ordering.shutdown");
        }

        @Override
        public List<Class<?>> controllers() {
            return List.of(OrderController.class);
        }
    }

    /** A module whose controller sits in a package its JPMS module does not export. */
    public static final class HiddenModule implements Module {
        @Override
        public List<Class<?>> controllers() {
            return List.of(com.bento.runtime.micronaut.hidden.HiddenController.class);
        }
    }

    @Controller("/catalog")
    public static final class CatalogController {
        private final CategoryRepository repository;

        public CatalogController(@Named("catalog.repo") CategoryRepository repository) {
            this.repository = repository;
        }

        @Get("/categories")
        public List<String> categories() {
            return repository.names();
        }
    }

    @Controller("/orders")
    public static final class OrderController {
        @io.micronaut.http.annotation.Post
        public Map<String, Object> place(@io.micronaut.http.annotation.Body Map<String, Object> order) {
            return Map.of("placed", order.size());
        }

        @Get("/{id}")
        public Map<String, Object> order(@PathVariable String id) {
            if (id.equals("missing")) {
                throw new BentoException(new ReasonCode("ORDER_NOT_FOUND", 404, "NOT_FOUND", false, "Order not found"),
                        Map.of("order_id", id));
            }
            if (id.equals("boom")) {
                throw new IllegalStateException("secret internals at com.shop.Db:42");
            }
            return Map.of("id", id, "state", "DRAFT");
        }
    }

    /** An eager bean that needs a Bento entry: only in the test that asks for it. */
    @Context
    @io.micronaut.context.annotation.Requires(property = "test.eager", value = "true")
    public static final class EagerWarmup {
        static volatile List<String> seen = List.of();

        public EagerWarmup(@Named("catalog.repo") CategoryRepository repository) {
            seen = repository.names();
        }
    }

    /** A module's own /health, which must not shadow Bento's: only in the test that asks for it. */
    @Controller("/health")
    @io.micronaut.context.annotation.Requires(property = "test.clash", value = "true")
    public static final class ClashingHealth {
        @Get
        public String health() {
            return "mine";
        }
    }
}
