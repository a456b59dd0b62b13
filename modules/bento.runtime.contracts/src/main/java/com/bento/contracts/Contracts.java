package com.bento.contracts;

import com.bento.ReasonCatalog;
import com.bento.ServiceKey;
import java.nio.file.Path;

/**
 * The loaded contracts folder, in the container under {@code contracts}.
 *
 * <pre>{@code
 * Contracts contracts = container.get(Contracts.KEY);
 * String next = contracts.stateMachines().validate("Order", order.state(), "Submit");
 * contracts.schemas().validate("OrderPlaced", payload);
 * String topic = contracts.routing().topicFor("OrderPlaced");
 * }</pre>
 */
public interface Contracts {

    /** The loaded contracts (the same entry as ReasonCatalog.CONTRACTS). */
    ServiceKey<Contracts> KEY = ServiceKey.of(ReasonCatalog.CONTRACTS.name(), Contracts.class);

    /** @return the folder the contracts were loaded from */
    Path directory();

    /** @return the reason-code catalog */
    ReasonCodes reasonCodes();

    /** @return the state machines */
    StateMachines stateMachines();

    /** @return the event routing */
    EventRouting routing();

    /** @return the event schemas */
    EventSchemas schemas();
}
