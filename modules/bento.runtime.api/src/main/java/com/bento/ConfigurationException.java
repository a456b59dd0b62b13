package com.bento;

/** The runtime was configured with a value it cannot use; the message names the setting. */
public final class ConfigurationException extends BentoRuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the setting, what was given, what is expected and how to fix it
     */
    public ConfigurationException(String message) {
        super(message);
    }
}
