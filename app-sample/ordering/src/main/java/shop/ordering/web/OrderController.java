package shop.ordering.web;

import com.bento.BentoException;
import com.bento.Fields;
import com.bento.contracts.Contracts;
import com.bento.data.Database;
import com.bento.events.EventBus;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import shop.catalog.api.PricingPort;
import shop.infra.api.Ids;
import shop.ordering.api.OrderPlaced;

/**
 * {@code POST /orders} ({@code {"sku", "quantity"}}), {@code GET /orders/{id}}, and
 * {@code POST /orders/{id}/{command}} ({@code Submit}, {@code Pay}, {@code Ship}, {@code Complete},
 * {@code Cancel}), each command checked against the contracts' Order state machine.
 */
@Controller("/orders")
public class OrderController {
    /** The most units one order may hold. */
    static final int QUANTITY_MAX = 10_000;

    private final Database database;
    private final Contracts contracts;
    private final PricingPort pricing;
    private final Ids ids;
    private final EventBus events;

    /**
     * @param database the database, from the container
     * @param contracts the loaded contracts
     * @param pricing the catalog's pricing port
     * @param ids identifiers, from the infra module
     * @param events the event bus, from the container
     */
    public OrderController(@Named("database") Database database, @Named("contracts") Contracts contracts,
                           PricingPort pricing, @Named("infra.ids") Ids ids, EventBus events) {
        this.database = database;
        this.contracts = contracts;
        this.pricing = pricing;
        this.ids = ids;
        this.events = events;
    }

    /**
     * Places an order at the catalog's current price; {@code OrderPlaced} is published in the same
     * transaction, so it exists exactly when the order does.
     *
     * @param body {@code {"sku": text, "quantity": whole number from 1 to 10000}}
     * @return 201 with the order, in its initial state; 422 {@code FIELD_INVALID} naming the field
     */
    @Post
    @com.bento.runtime.micronaut.Idempotent // a retried POST with the same Idempotency-Key places one order
    public HttpResponse<Map<String, Object>> place(@Body Map<String, Object> body) {
        Fields order = Fields.of(body);
        String sku = order.text("sku", 1, 40);
        int quantity = order.intNumber("quantity", 1, QUANTITY_MAX);
        long price = pricing.priceCents(sku).orElseThrow(() -> new BentoException("PRODUCT_NOT_FOUND", Map.of("sku", sku)));
        long total = Fields.multiply("total_cents", price, quantity);
        String id = ids.next("ord");
        String initial = contracts.stateMachines().machine("Order").states().get(0);
        database.unitOfWork().run(c -> {
            try (PreparedStatement p = c.prepareStatement("insert into shop_order (id, sku, quantity, total_cents, state,"
                    + " version) values (?, ?, ?, ?, ?, 1)")) {
                p.setString(1, id);
                p.setString(2, sku);
                p.setInt(3, quantity);
                p.setLong(4, total);
                p.setString(5, initial);
                p.executeUpdate();
            }
            events.publish(new OrderPlaced(id, sku, quantity, total));
        });
        return HttpResponse.created(get(id));
    }

    /**
     * @param id an order id
     * @return the order
     */
    @Get("/{id}")
    public Map<String, Object> get(String id) {
        Fields.text("id", id, 1, 40);
        return database.unitOfWork().call(c -> read(c, id));
    }

    /**
     * Applies a command, if the Order state machine allows it in the order's state.
     *
     * @param id an order id
     * @param command a command such as {@code Submit}
     * @return the order in its new state; 409 {@code STATE_TRANSITION_INVALID} when not allowed
     */
    @Post("/{id}/{command}")
    public Map<String, Object> apply(String id, String command) {
        Fields.text("id", id, 1, 40);
        Fields.text("command", command, 1, 40);
        return database.unitOfWork().call(c -> {
            Map<String, Object> order = read(c, id);
            String next = contracts.stateMachines().validate("Order", (String) order.get("state"), command);
            try (PreparedStatement p = c.prepareStatement(
                    "update shop_order set state = ?, version = version + 1 where id = ? and version = ?")) {
                p.setString(1, next);
                p.setString(2, id);
                p.setLong(3, (Long) order.get("version"));
                com.bento.data.OptimisticLock.check(p.executeUpdate(), Order.class, id, (Long) order.get("version"));
            }
            return read(c, id);
        });
    }

    /** The aggregate's name in conflicts. */
    private record Order() {
    }

    private Map<String, Object> read(Connection c, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "select id, sku, quantity, total_cents, state, version from shop_order where id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    throw contracts.reasonCodes().exception("ORDER_NOT_FOUND", Map.of("order_id", id));
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", rs.getString(1));
                m.put("sku", rs.getString(2));
                m.put("quantity", rs.getInt(3));
                m.put("total_cents", rs.getLong(4));
                m.put("state", rs.getString(5));
                m.put("version", rs.getLong(6));
                m.put("allowed_commands", contracts.stateMachines().allowedCommands("Order", rs.getString(5)));
                return m;
            }
        }
    }
}
