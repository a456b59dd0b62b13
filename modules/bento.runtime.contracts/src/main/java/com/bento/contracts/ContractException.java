package com.bento.contracts;

import com.bento.BentoRuntimeException;

/** A lookup in the contracts named something they do not define; the message lists what they do. */
public final class ContractException extends BentoRuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was asked, what the contracts define and how to fix it
     */
    public ContractException(String message) {
        super(message);
    }
}
