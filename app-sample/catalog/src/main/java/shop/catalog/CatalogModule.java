package shop.catalog;

import com.bento.Container;
import com.bento.Module;
import com.bento.Ports;
import com.bento.Requires;
import com.bento.UsesContracts;
import com.bento.cache.Cache;
import com.bento.data.Database;
import com.bento.data.Repositories;
import com.bento.events.EventBus;
import com.bento.events.IdempotentConsumer;
import java.util.List;
import javax.sql.DataSource;
import shop.catalog.api.PricingPort;
import shop.catalog.api.Product;
import shop.catalog.web.ProductController;

/**
 * Products in a table of their own; the price of each is offered to other modules as {@link PricingPort}
 * (read through the cache); units sold are counted from the {@code OrderPlaced} events.
 */
@Requires({"infra", "events", "cache"})
@UsesContracts(reasonCodes = {"PRODUCT_EXISTS", "PRODUCT_NOT_FOUND"}, consumes = "OrderPlaced")
public final class CatalogModule implements Module {

    @Override
    public boolean requiresDatabase() {
        return true;
    }

    @Override
    public void onRegister(Container container) {
        // the pool opens after every module registered: the repository asks for it when first used
        container.get(Repositories.KEY).register(Product.class,
                new ProductRepository(() -> container.get(Database.DATA_SOURCE)));
        container.get(Ports.KEY).provide(PricingPort.class, sku -> {
            // prices do not change once a product exists, so a cached price is never stale
            return container.get(Cache.KEY).getOrLoad("price:" + sku, k -> container.get(Repositories.KEY)
                    .<Product, String>of(Product.class).findById(sku).map(p -> Long.toString(p.priceCents())).orElse(null))
                    .map(cached -> java.util.OptionalLong.of(Long.parseLong(cached))).orElse(java.util.OptionalLong.empty());
        });
        Sales sales = new Sales(container.get(IdempotentConsumer.KEY));
        container.get(EventBus.KEY).subscribe(Sales.CONSUMER, "OrderPlaced", (event, envelope) -> sales.onOrderPlaced(event));
    }

    @Override
    public List<Class<?>> controllers() {
        return List.of(ProductController.class);
    }
}
