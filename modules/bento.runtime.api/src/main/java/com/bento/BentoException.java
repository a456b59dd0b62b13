package com.bento;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A business failure with a reason code, which a web host turns into a response
 * {@code {reason_code, message, category, details, retryable}} with the code's HTTP status.
 *
 * <pre>{@code
 * throw contracts.reasonCodes().exception("ORDER_NOT_FOUND", Map.of("order_id", id));
 * }</pre>
 *
 * <p>Built from a catalog entry it carries the entry's message, status, category and
 * retryability. Built from a bare code ({@link #BentoException(String, Map)}) it carries the code
 * only, and a host that has the catalog resolves the rest from it ({@link #resolved()} tells which).
 */
public class BentoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ReasonCode reason;
    private final boolean resolved;
    /** Values are any objects a module chose to show its caller; they are answered, not Java-serialized. */
    private final transient Map<String, Object> details;

    /**
     * @param reason the catalog entry
     * @param details what the caller may want to know (ids, states), in order
     */
    public BentoException(ReasonCode reason, Map<String, ?> details) {
        this(reason, true, details, null);
    }

    /**
     * @param reason the catalog entry
     * @param details what the caller may want to know, in order
     * @param cause the underlying failure
     */
    public BentoException(ReasonCode reason, Map<String, ?> details, Throwable cause) {
        this(reason, true, details, cause);
    }

    /**
     * A failure known by its code only; message, status, category and retryability come from the
     * catalog when the host resolves it.
     *
     * @param code the reason code
     * @param details what the caller may want to know, in order
     */
    public BentoException(String code, Map<String, ?> details) {
        this(ReasonCode.unknown(code), false, details, null);
    }

    private BentoException(ReasonCode reason, boolean resolved, Map<String, ?> details,
                           @org.jspecify.annotations.Nullable Throwable cause) {
        super(Objects.requireNonNull(reason, "reason").message().isEmpty() ? reason.code() : reason.message(), cause);
        this.reason = reason;
        this.resolved = resolved;
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(details, "details")));
    }

    /** @return the catalog entry, or {@link ReasonCode#unknown} for a bare code not yet resolved */
    public ReasonCode reason() {
        return reason;
    }

    /** @return the reason code */
    public String reasonCode() {
        return reason.code();
    }

    /** @return the HTTP status */
    public int httpStatus() {
        return reason.httpStatus();
    }

    /** @return the category */
    public String category() {
        return reason.category();
    }

    /** @return whether the caller may retry */
    public boolean retryable() {
        return reason.retryable();
    }

    /** @return the details, in order */
    public Map<String, Object> details() {
        return details;
    }

    /**
     * What a caller is told; by default the {@linkplain #getMessage() message}. A failure whose message
     * is for operators (a host and port, a key) answers its reason's message instead.
     *
     * @return the message for the response body
     */
    public String publicMessage() {
        return getMessage();
    }

    /** @return whether message, status, category and retryability came from a catalog entry */
    public boolean resolved() {
        return resolved;
    }
}
