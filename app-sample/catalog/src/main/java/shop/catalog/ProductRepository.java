package shop.catalog;

import com.bento.data.OptimisticLock;
import com.bento.data.Repository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import shop.catalog.api.Product;

/** Products over plain JDBC with portable SQL, so the same code runs on H2 and PostgreSQL. */
final class ProductRepository implements Repository<Product, String> {
    private final java.util.function.Supplier<DataSource> pool;

    ProductRepository(java.util.function.Supplier<DataSource> pool) {
        this.pool = pool;
    }

    private static Product read(ResultSet rs) throws SQLException {
        return new Product(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4));
    }

    @Override
    public Optional<Product> findById(String sku) {
        try (Connection c = pool.get().getConnection();
             PreparedStatement p = c.prepareStatement("select sku, name, price_cents, version from product where sku = ?")) {
            p.setString(1, sku);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading product " + sku + " failed", e);
        }
    }

    @Override
    public List<Product> findAll() {
        try (Connection c = pool.get().getConnection();
             PreparedStatement p = c.prepareStatement("select sku, name, price_cents, version from product order by sku");
             ResultSet rs = p.executeQuery()) {
            List<Product> out = new ArrayList<>();
            while (rs.next()) {
                out.add(read(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Listing products failed", e);
        }
    }

    @Override
    public Product save(Product product) {
        try (Connection c = pool.get().getConnection()) {
            if (product.version() == 0) {
                try (PreparedStatement p = c.prepareStatement(
                        "insert into product (sku, name, price_cents, version) values (?, ?, ?, 1)")) {
                    p.setString(1, product.sku());
                    p.setString(2, product.name());
                    p.setLong(3, product.priceCents());
                    p.executeUpdate();
                }
                return new Product(product.sku(), product.name(), product.priceCents(), 1);
            }
            try (PreparedStatement p = c.prepareStatement(
                    "update product set name = ?, price_cents = ?, version = version + 1 where sku = ? and version = ?")) {
                p.setString(1, product.name());
                p.setLong(2, product.priceCents());
                p.setString(3, product.sku());
                p.setLong(4, product.version());
                OptimisticLock.check(p.executeUpdate(), Product.class, product.sku(), product.version());
            }
            return new Product(product.sku(), product.name(), product.priceCents(), product.version() + 1);
        } catch (SQLException e) {
            throw new IllegalStateException("Saving product " + product.sku() + " failed", e);
        }
    }

    @Override
    public boolean deleteById(String sku) {
        try (Connection c = pool.get().getConnection();
             PreparedStatement p = c.prepareStatement("delete from product where sku = ?")) {
            p.setString(1, sku);
            return p.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("Deleting product " + sku + " failed", e);
        }
    }
}
