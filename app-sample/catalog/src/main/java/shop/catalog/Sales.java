package shop.catalog;

import com.bento.events.Event;
import com.bento.events.IdempotentConsumer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Units sold per product, from {@code OrderPlaced}. The catalog knows the event from the contracts
 * only (ordering depends on catalog, not the other way round), so it reads the payload by name; each
 * event is applied once however often it is delivered.
 */
public final class Sales {
    static final String CONSUMER = "catalog.sales";
    private final IdempotentConsumer once;

    Sales(IdempotentConsumer once) {
        this.once = once;
    }

    void onOrderPlaced(Event event) {
        String sku = (String) event.payload().get("sku");
        long quantity = ((Number) event.payload().get("quantity")).longValue();
        once.handleOnce(CONSUMER, event.id(), c -> add(c, sku, quantity));
    }

    private static void add(Connection c, String sku, long quantity) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("update product_sales set sold = sold + ? where sku = ?")) {
            p.setLong(1, quantity);
            p.setString(2, sku);
            if (p.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement p = c.prepareStatement("insert into product_sales (sku, sold) values (?, ?)")) {
            p.setString(1, sku);
            p.setLong(2, quantity);
            p.executeUpdate();
        }
    }

    /**
     * @param c a connection
     * @param sku a product
     * @return units sold
     * @throws SQLException when the database fails
     */
    public static long sold(Connection c, String sku) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("select sold from product_sales where sku = ?")) {
            p.setString(1, sku);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }
}
