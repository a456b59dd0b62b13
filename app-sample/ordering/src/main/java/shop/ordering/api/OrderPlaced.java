package shop.ordering.api;

import com.bento.events.DomainEvent;
import com.bento.events.EventType;

/**
 * An order was placed: published in the transaction that stores the order; its schema is the
 * contracts' {@code events/OrderPlaced.schema.json} and its topic comes from their routing.
 *
 * @param orderId the order
 * @param sku the product ordered
 * @param quantity how many
 * @param totalCents what it costs
 */
@EventType("OrderPlaced")
public record OrderPlaced(String orderId, String sku, int quantity, long totalCents) implements DomainEvent {
    @Override
    public String aggregateId() {
        return orderId;
    }
}
