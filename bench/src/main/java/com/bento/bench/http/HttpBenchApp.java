package com.bento.bench.http;

import com.bento.Container;
import com.bento.Module;
import com.bento.runtime.BentoRuntime;
import com.bento.runtime.micronaut.BentoApp;
import com.bento.runtime.micronaut.BentoMicronaut;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;

/**
 * The server side of bench/http-overhead.sh: one Bento module with one JSON endpoint backed by a
 * container entry. {@code -Dbento.filter.enabled=false} runs it without Bento's request filter.
 * Also the application of bench/startup-otel.sh, which launches it with and without the
 * OpenTelemetry jars on the class path.
 */
public final class HttpBenchApp {
    private HttpBenchApp() {
    }

    public interface Prices {
        long price(String sku);
    }

    public static final class PricingModule implements Module {
        @Override
        public void onRegister(Container container) {
            container.set("pricing.prices", Prices.class, sku -> 100L + sku.length());
        }

        @Override
        public List<Class<?>> controllers() {
            return List.of(PriceController.class);
        }
    }

    @Controller("/prices")
    public static final class PriceController {
        private final Prices prices;

        public PriceController(@Named("pricing.prices") Prices prices) {
            this.prices = prices;
        }

        @Get("/{sku}")
        public Map<String, Object> price(String sku) {
            return Map.of("sku", sku, "price", prices.price(sku));
        }
    }

    /** With -Dbench.db=h2|postgres: a module whose endpoint reads a product through Bento's pool. */
    public static final class CatalogModule implements Module {
        @Override
        public boolean requiresDatabase() {
            return true;
        }

        @Override
        public String name() {
            return "benchstore";
        }

        @Override
        public List<Class<?>> controllers() {
            return List.of(ProductController.class);
        }
    }

    @Controller("/products")
    public static final class ProductController {
        private final javax.sql.DataSource dataSource;

        public ProductController(javax.sql.DataSource dataSource) {
            this.dataSource = dataSource;
        }

        @Get("/{id}")
        public Map<String, Object> product(long id) throws java.sql.SQLException {
            try (var c = dataSource.getConnection();
                 var p = c.prepareStatement("select name, price from bench_product where id = ?")) {
                p.setLong(1, id);
                try (var rs = p.executeQuery()) {
                    return rs.next() ? Map.of("id", id, "name", rs.getString(1), "price", rs.getLong(2)) : Map.of();
                }
            }
        }
    }

    public static void main(String[] args) {
        String db = System.getProperty("bench.db", "");
        if (!db.isEmpty()) {
            var builder = BentoRuntime.builder().withConfig("http-bench-" + db, "prod").withModules(new CatalogModule());
            if (db.equals("postgres")) {
                builder.withDatabase("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
            }
            BentoApp app = BentoMicronaut.runOrExit(builder, args);
            System.out.println("READY " + app.port());
            return;
        }
        // listener discovery stays on: with bento-runtime-otel on the class path the start is traced
        BentoApp app = BentoMicronaut.runOrExit(BentoRuntime.builder().withConfig("http-bench", "prod")
                .withModules(new PricingModule()), args);
        System.out.println("READY " + app.port());
    }
}
