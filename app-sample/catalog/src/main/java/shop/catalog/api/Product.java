package shop.catalog.api;

/**
 * A product.
 *
 * @param sku its SKU
 * @param name its name
 * @param priceCents its price in cents
 * @param version its version, for optimistic locking
 */
public record Product(String sku, String name, long priceCents, long version) {
}
