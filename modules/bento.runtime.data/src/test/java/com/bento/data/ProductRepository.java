package com.bento.data;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** A versioned JDBC repository, written against the plain DataSource as application code would be. */
final class ProductRepository implements Repository<ProductRepository.Product, Long> {

    record Product(long id, String name, long version) {
    }

    private final DataSource dataSource;
    private final String table;

    ProductRepository(DataSource dataSource, String table) {
        this.dataSource = dataSource;
        this.table = table;
    }

    void createTable() throws SQLException {
        try (Connection c = dataSource.getConnection(); var s = c.createStatement()) {
            s.execute("create table " + table + " (id bigint primary key, name varchar(40), version bigint not null)");
        }
    }

    void dropTable() throws SQLException {
        try (Connection c = dataSource.getConnection(); var s = c.createStatement()) {
            s.execute("drop table " + table);
        }
    }

    @Override
    public Optional<Product> findById(Long id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("select id, name, version from " + table + " where id = ?")) {
            p.setLong(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(new Product(rs.getLong(1), rs.getString(2), rs.getLong(3))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<Product> findAll() {
        List<Product> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("select id, name, version from " + table + " order by id");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(new Product(rs.getLong(1), rs.getString(2), rs.getLong(3)));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Product save(Product product) {
        try (Connection c = dataSource.getConnection()) {
            if (product.version() == 0) {
                try (PreparedStatement p = c.prepareStatement("insert into " + table + " (id, name, version) values (?, ?, 1)")) {
                    p.setLong(1, product.id());
                    p.setString(2, product.name());
                    p.executeUpdate();
                }
                return new Product(product.id(), product.name(), 1);
            }
            try (PreparedStatement p = c.prepareStatement(
                    "update " + table + " set name = ?, version = version + 1 where id = ? and version = ?")) {
                p.setString(1, product.name());
                p.setLong(2, product.id());
                p.setLong(3, product.version());
                OptimisticLock.check(p.executeUpdate(), Product.class, product.id(), product.version());
            }
            return new Product(product.id(), product.name(), product.version() + 1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean deleteById(Long id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("delete from " + table + " where id = ?")) {
            p.setLong(1, id);
            return p.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
