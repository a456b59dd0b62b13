package com.bento.data;

import com.bento.BentoException;
import com.bento.ReasonCode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Optimistic locking for versioned aggregates: an update is written only where the stored version
 * is the one the writer read ({@code update ... set version = version + 1 where id = ? and version = ?});
 * when no row matched, someone else changed the aggregate first.
 */
public final class OptimisticLock {
    private OptimisticLock() {
    }

    /**
     * Checks the row count of a versioned update.
     *
     * @param updatedRows what {@code executeUpdate} returned
     * @param aggregate the aggregate type
     * @param id its identifier
     * @param expectedVersion the version the writer read
     * @throws BentoException reason {@code OPTIMISTIC_LOCK_CONFLICT}, HTTP 409, retryable, with the
     *         aggregate, id and expected version as details, when no row was updated
     */
    public static void check(int updatedRows, Class<?> aggregate, Object id, long expectedVersion) {
        if (updatedRows == 0) {
            throw conflict(aggregate, id, expectedVersion);
        }
    }

    /**
     * @param aggregate the aggregate type
     * @param id its identifier
     * @param expectedVersion the version the writer read
     * @return the conflict, to throw
     */
    public static BentoException conflict(Class<?> aggregate, Object id, long expectedVersion) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("aggregate", aggregate.getSimpleName());
        details.put("id", String.valueOf(id));
        details.put("expected_version", expectedVersion);
        return new BentoException(new ReasonCode(ReasonCode.OPTIMISTIC_LOCK_CONFLICT.code(),
                ReasonCode.OPTIMISTIC_LOCK_CONFLICT.httpStatus(), ReasonCode.OPTIMISTIC_LOCK_CONFLICT.category(),
                ReasonCode.OPTIMISTIC_LOCK_CONFLICT.retryable(), aggregate.getSimpleName() + " " + id
                + " was changed by someone else (expected version " + expectedVersion + "); read it again and retry"),
                details);
    }
}
