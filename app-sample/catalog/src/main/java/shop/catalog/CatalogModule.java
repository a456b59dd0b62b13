package shop.catalog;

import com.bento.Container;
import com.bento.Module;
import com.bento.Ports;
import com.bento.Requires;
import com.bento.data.Repositories;
import java.util.List;
import javax.sql.DataSource;
import shop.catalog.api.PricingPort;
import shop.catalog.api.Product;
import shop.catalog.web.ProductController;

/** Products in a table of their own; the price of each is offered to other modules as {@link PricingPort}. */
@Requires("infra")
public final class CatalogModule implements Module {

    @Override
    public boolean requiresDatabase() {
        return true;
    }

    @Override
    public void onRegister(Container container) {
        // the pool opens after every module registered: the repository asks for it when first used
        container.get("repositories", Repositories.class).register(Product.class,
                new ProductRepository(() -> container.get("database.dataSource", DataSource.class)));
        container.get("ports", Ports.class).provide(PricingPort.class, sku -> container
                .get("repositories", Repositories.class).<Product, String>of(Product.class).findById(sku)
                .map(p -> java.util.OptionalLong.of(p.priceCents())).orElse(java.util.OptionalLong.empty()));
    }

    @Override
    public List<Class<?>> controllers() {
        return List.of(ProductController.class);
    }
}
