package shop.catalog.api;

import java.util.OptionalLong;

/** What other modules may ask the catalog: the current price of a product. */
public interface PricingPort {
    /**
     * @param sku a product's SKU
     * @return its price in cents, empty when there is no such product
     */
    OptionalLong priceCents(String sku);
}
