package com.bento.events;

import com.bento.BentoRuntimeException;

/** An event could not be published, encoded or decoded; the message says which and how to fix it. */
public class EventException extends BentoRuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong and how to fix it
     */
    public EventException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and how to fix it
     * @param cause the underlying failure
     */
    public EventException(String message, Throwable cause) {
        super(message, cause);
    }
}
