package com.bento.runtime.micronaut;

import com.bento.Module;
import com.bento.data.Database;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.Version;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;

/** A module whose repository is Micronaut Data JDBC over Bento's pool, migrated by Bento. */
final class DataShop {
    private DataShop() {
    }

    @MappedEntity("md_product")
    public record Product(@Id @GeneratedValue Long id, String name, @Version Long version) {
    }

    @JdbcRepository(dialect = Dialect.POSTGRES)
    public interface ProductRepository extends CrudRepository<Product, Long> {
    }

    public static final class CatalogDataModule implements Module {
        @Override
        public String name() {
            return "catalogdata";
        }

        @Override
        public boolean requiresDatabase() {
            return true;
        }

        @Override
        public List<Class<?>> controllers() {
            return List.of(ProductController.class);
        }
    }

    @Controller("/md/products")
    public static final class ProductController {
        private final ProductRepository products;
        private final Database database;

        public ProductController(ProductRepository products, @Named("database") Database database) {
            this.products = products;
            this.database = database;
        }

        private static Map<String, Object> json(Product p) {
            return Map.of("id", p.id(), "name", p.name(), "version", p.version());
        }

        @Post("/{name}")
        public Map<String, Object> create(String name) {
            return json(products.save(new Product(null, name, null)));
        }

        @Put("/{id}/{name}/{version}")
        public Map<String, Object> rename(Long id, String name, Long version) {
            return json(products.update(new Product(id, name, version)));
        }

        @Post("/in-failing-unit/{name}")
        public Map<String, Object> createThenFail(String name) {
            database.unitOfWork().run(c -> {
                products.save(new Product(null, name, null));
                throw new IllegalStateException("failed after saving " + name);
            });
            return Map.of();
        }

        @Get
        public List<String> names() {
            return products.findAll().stream().map(Product::name).sorted().toList();
        }
    }
}
