package com.bento.data;

import com.bento.BentoRuntimeException;

/** A unit of work could not complete: its work threw a checked exception, or the commit or rollback failed. */
public final class TransactionException extends BentoRuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and what was done about it
     * @param cause the underlying failure
     */
    public TransactionException(String message, @org.jspecify.annotations.Nullable Throwable cause) {
        super(message, cause);
    }
}
