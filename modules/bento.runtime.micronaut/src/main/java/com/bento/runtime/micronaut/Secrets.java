package com.bento.runtime.micronaut;

import java.util.Locale;
import java.util.regex.Pattern;

/** Masks values that must never appear on an endpoint: secret-looking keys, passwords inside URLs. */
final class Secrets {
    static final String MASK = com.bento.Settings.MASK;
    private static final Pattern SECRET_KEY = Pattern.compile("password|passwd|pwd|secret|token|credential|key|auth",
            Pattern.CASE_INSENSITIVE);

    private Secrets() {
    }

    static boolean secretKey(String key) {
        return SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).find();
    }

    /** The value to show for a setting: masked when its key looks secret, and with any password in a URL masked. */
    static String show(String key, Object value) {
        if (secretKey(key)) {
            return MASK;
        }
        return maskInText(String.valueOf(value));
    }

    /** Like {@link #show}, but numbers and booleans stay what they are. */
    static Object value(String key, Object value) {
        if (value instanceof Number || value instanceof Boolean) {
            return secretKey(key) ? MASK : value;
        }
        return show(key, value);
    }

    static String maskInText(String text) {
        return com.bento.Settings.maskPasswords(text);
    }
}
