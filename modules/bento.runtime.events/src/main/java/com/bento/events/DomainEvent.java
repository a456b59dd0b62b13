package com.bento.events;

/**
 * A domain event: a record whose components are its payload. Components are written as JSON with
 * snake_case keys ({@code orderId} becomes {@code order_id}); their types may be strings, numbers,
 * booleans, enums, {@code Instant}, {@code LocalDate}, {@code UUID}, {@code BigDecimal}, lists, maps
 * with string keys, and other records of these. The record must be public, in a package its module
 * exports, so that the bus can read and rebuild it.
 *
 * <pre>{@code
 * @EventType("OrderPlaced")
 * public record OrderPlaced(String orderId, String sku, int quantity, long totalCents) implements DomainEvent {
 *     public String aggregateId() { return orderId; }
 * }
 * }</pre>
 */
public interface DomainEvent {
    /**
     * @return the aggregate the event belongs to; the events of one aggregate are delivered in the
     *         order they were published
     */
    String aggregateId();
}
