package com.bento.events;

import java.time.Instant;

/**
 * A delivery that failed as many times as allowed and was parked. {@link EventBus#replay(long)} puts
 * it back in line.
 *
 * @param deliveryId the outbox row to replay
 * @param eventId the event's id
 * @param eventType the event's type
 * @param aggregateId the event's aggregate
 * @param destination where it was going: {@code handler:<name>} or {@code publisher:<name>}
 * @param attempts how many times it was tried
 * @param lastError the last failure
 * @param parkedAt when it was parked
 */
public record DeadLetter(long deliveryId, String eventId, String eventType, String aggregateId, String destination,
                        int attempts, String lastError, Instant parkedAt) {
}
