package shop.ordering;

import com.bento.Module;
import com.bento.Requires;
import com.bento.UsesContracts;
import java.util.List;
import shop.ordering.web.OrderController;

/**
 * Orders: placed at the catalog's price (publishing {@link shop.ordering.api.OrderPlaced} in the same
 * transaction), then moved through the contracts' Order state machine.
 */
@Requires({"infra", "catalog", "events"})
@UsesContracts(stateMachines = "Order", reasonCodes = {"ORDER_NOT_FOUND", "PRODUCT_NOT_FOUND", "STATE_TRANSITION_INVALID"}, publishes = "OrderPlaced")
public final class OrderingModule implements Module {

    @Override
    public boolean requiresDatabase() {
        return true;
    }

    @Override
    public List<Class<?>> controllers() {
        return List.of(OrderController.class);
    }
}
