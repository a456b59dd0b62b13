package com.bento.runtime.micronaut;

import com.bento.Container;
import com.bento.Module;
import com.bento.Requires;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;

/**
 * A child JVM for the second way in: Micronaut owns main and Bento joins by being on the class
 * path. The modules are found through META-INF/services/com.bento.Module in the test resources.
 */
public final class MicronautOwnsMain {
    private MicronautOwnsMain() {
    }

    public static final class InventoryModule implements Module {
        @Override
        public void onRegister(Container container) {
            container.set("inventory.stock", StockService.class, sku -> sku.length());
        }

        @Override
        public void onStartup(Container container) {
            GracefulChild.event("inventory.startup");
        }

        @Override
        public void onShutdown(Container container) {
            GracefulChild.event("inventory.shutdown");
        }

        @Override
        public List<Class<?>> controllers() {
            return List.of(StockController.class);
        }
    }

    @Requires("inventory")
    public static final class ShippingModule implements Module {
        @Override
        public void onStartup(Container container) {
            GracefulChild.event("shipping.startup");
        }

        @Override
        public void onShutdown(Container container) {
            GracefulChild.event("shipping.shutdown");
        }
    }

    public interface StockService {
        int stock(String sku);
    }

    @Controller("/stock")
    public static final class StockController {
        private final StockService stock;

        public StockController(@Named("inventory.stock") StockService stock) {
            this.stock = stock;
        }

        @Get("/{sku}")
        public Map<String, Object> stock(String sku) {
            return Map.of("sku", sku, "stock", stock.stock(sku));
        }
    }

    public static void main(String[] args) {
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of("micronaut.server.port", 0));
        Runtime.getRuntime().addShutdownHook(new Thread(server.getApplicationContext()::close));
        System.out.println("READY " + server.getPort());
        System.out.flush();
    }
}
