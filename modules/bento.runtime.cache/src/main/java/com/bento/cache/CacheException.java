package com.bento.cache;

import com.bento.BentoRuntimeException;

/** A cache call failed (Redis did not answer in time, say); the message names the backend, the key and the fix. */
public class CacheException extends BentoRuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and what to do
     * @param cause the backend's failure
     */
    public CacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
