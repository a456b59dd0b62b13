package bare.shop;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@code POST /orders}, {@code GET /orders/{id}}, {@code POST /orders/{id}/{command}}, as in the sample;
 * the Order state machine is the sample's contract written out as a table.
 */
@Controller("/orders")
public class OrderController {
    /** from state, command, to state: the sample's contracts/state-machines/order.yaml. */
    private static final List<String[]> TRANSITIONS = List.of(
            new String[] {"DRAFT", "Submit", "SUBMITTED"}, new String[] {"SUBMITTED", "Pay", "PAID"},
            new String[] {"PAID", "Ship", "SHIPPED"}, new String[] {"SHIPPED", "Complete", "COMPLETED"},
            new String[] {"DRAFT", "Cancel", "CANCELLED"}, new String[] {"SUBMITTED", "Cancel", "CANCELLED"});
    private final DataSource dataSource;

    /**
     * @param dataSource Micronaut's default data source
     */
    public OrderController(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @param body {@code {"sku": text, "quantity": number > 0}}
     * @return 201 with the order
     * @throws SQLException when the database fails
     */
    @Post
    public HttpResponse<Map<String, Object>> place(@Body Map<String, Object> body) throws SQLException {
        if (!(body.get("sku") instanceof String sku) || !(body.get("quantity") instanceof Number q) || q.intValue() <= 0) {
            throw new ShopError("ORDER_INVALID", 400, Map.of("expected", "{sku: text, quantity: number > 0}"));
        }
        String id = "ord-" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = dataSource.getConnection()) {
            List<Map<String, Object>> product = ProductController.find(c, sku);
            if (product.isEmpty()) {
                throw new ShopError("PRODUCT_NOT_FOUND", 404, Map.of("sku", sku));
            }
            try (PreparedStatement p = c.prepareStatement("insert into shop_order (id, sku, quantity, total_cents, state,"
                    + " version) values (?, ?, ?, ?, 'DRAFT', 1)")) {
                p.setString(1, id);
                p.setString(2, sku);
                p.setInt(3, q.intValue());
                p.setLong(4, (Long) product.get(0).get("price_cents") * q.intValue());
                p.executeUpdate();
            }
            return HttpResponse.created(read(c, id));
        }
    }

    /**
     * @param id an order id
     * @return the order
     * @throws SQLException when the database fails
     */
    @Get("/{id}")
    public Map<String, Object> get(String id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return read(c, id);
        }
    }

    /**
     * @param id an order id
     * @param command a command such as {@code Submit}
     * @return the order in its new state; 409 when the state machine does not allow the command
     * @throws SQLException when the database fails
     */
    @Post("/{id}/{command}")
    public Map<String, Object> apply(String id, String command) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Map<String, Object> order = read(c, id);
            String next = TRANSITIONS.stream().filter(t -> t[0].equals(order.get("state")) && t[1].equals(command))
                    .map(t -> t[2]).findFirst().orElseThrow(() -> new ShopError("STATE_TRANSITION_INVALID", 409,
                            Map.of("state", order.get("state"), "command", command)));
            try (PreparedStatement p = c.prepareStatement(
                    "update shop_order set state = ?, version = version + 1 where id = ? and version = ?")) {
                p.setString(1, next);
                p.setString(2, id);
                p.setLong(3, (Long) order.get("version"));
                if (p.executeUpdate() != 1) {
                    throw new ShopError("CONFLICT", 409, Map.of("order_id", id));
                }
            }
            return read(c, id);
        }
    }

    private static Map<String, Object> read(Connection c, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "select id, sku, quantity, total_cents, state, version from shop_order where id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    throw new ShopError("ORDER_NOT_FOUND", 404, Map.of("order_id", id));
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", rs.getString(1));
                m.put("sku", rs.getString(2));
                m.put("quantity", rs.getInt(3));
                m.put("total_cents", rs.getLong(4));
                m.put("state", rs.getString(5));
                m.put("version", rs.getLong(6));
                String state = rs.getString(5);
                m.put("allowed_commands", TRANSITIONS.stream().filter(t -> t[0].equals(state)).map(t -> t[1]).toList());
                return m;
            }
        }
    }
}
