package com.bento.cache;

import com.bento.BentoException;
import com.bento.ReasonCode;
import java.util.Map;

/**
 * A cache call failed (Redis did not answer in time, say): {@code CACHE_UNAVAILABLE}, which a web host
 * answers 503, retryable. The message, for the log, names the backend, the key and the fix; the caller
 * is told only that the cache is unavailable.
 */
public class CacheException extends BentoException {
    private static final long serialVersionUID = 1L;

    /** The reason a cache failure carries. */
    public static final ReasonCode CACHE_UNAVAILABLE = new ReasonCode("CACHE_UNAVAILABLE", 503, "UNAVAILABLE", true,
            "The cache is unavailable; retry shortly");

    private final String message;

    /**
     * @param message what failed and what to do
     * @param cause the backend's failure
     */
    public CacheException(String message, Throwable cause) {
        super(CACHE_UNAVAILABLE, Map.of(), cause);
        this.message = message;
    }

    @Override
    public String getMessage() {
        return message;
    }

    @Override
    public String publicMessage() {
        return CACHE_UNAVAILABLE.message();
    }
}
