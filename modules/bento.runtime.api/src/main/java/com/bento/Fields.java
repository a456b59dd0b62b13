package com.bento;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads a request's fields (a parsed JSON body, a path variable) without changing them: a number is
 * taken only when it is exactly a whole number within the limits, never truncated, rounded or
 * clamped; a text only within its length, without control characters (a NUL byte among them, which
 * PostgreSQL refuses). Anything else is a {@link BentoException} {@code FIELD_INVALID} (422) whose
 * details name the field, what was expected and the limit, so a web host answers it as such.
 *
 * <pre>{@code
 * Fields order = Fields.of(body);
 * String sku = order.text("sku", 1, 40);
 * int quantity = order.intNumber("quantity", 1, 1_000);
 * long total = Fields.multiply("total_cents", price, quantity);   // exact, or FIELD_INVALID
 * }</pre>
 */
public final class Fields {
    /** The reason every refused field carries. */
    public static final ReasonCode FIELD_INVALID =
            new ReasonCode("FIELD_INVALID", 422, "VALIDATION", false, "A field of the request is not valid");
    /** The reason of a body that is not a JSON object. */
    public static final ReasonCode BODY_INVALID =
            new ReasonCode("REQUEST_BODY_INVALID", 400, "VALIDATION", false, "The request body must be a JSON object");

    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private final Map<String, ?> values;

    private Fields(Map<String, ?> values) {
        this.values = values;
    }

    /**
     * @param body a parsed JSON object, such as a controller's {@code @Body Map<String, Object>}
     * @return its fields
     * @throws BentoException {@code REQUEST_BODY_INVALID} (400) when there is no body
     */
    public static Fields of(@Nullable Map<String, ?> body) {
        if (body == null) {
            throw new BentoException(BODY_INVALID, Map.of());
        }
        return new Fields(body);
    }

    /**
     * @param field the field's name
     * @param min the fewest characters (code points)
     * @param max the most characters
     * @return the field's text, unchanged
     * @throws BentoException {@code FIELD_INVALID} when it is absent, not a text, too short or long, or holds a control character
     */
    public String text(String field, int min, int max) {
        return text(field, values.get(field), min, max);
    }

    /**
     * @param field the field's name
     * @param min the fewest characters
     * @param max the most characters
     * @return the field's text, or empty when the field is absent or null
     */
    public Optional<String> optionalText(String field, int min, int max) {
        Object value = values.get(field);
        return value == null ? Optional.empty() : Optional.of(text(field, value, min, max));
    }

    /**
     * @param field the field's name
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @return the field's value, exactly
     * @throws BentoException {@code FIELD_INVALID} when absent, not a number, not whole, or outside the limits
     */
    public long wholeNumber(String field, long min, long max) {
        return wholeNumber(field, values.get(field), min, max);
    }

    /**
     * @param field the field's name
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @return the field's value, exactly
     * @throws BentoException {@code FIELD_INVALID} as {@link #wholeNumber(String, long, long)} does
     */
    public int intNumber(String field, int min, int max) {
        return (int) wholeNumber(field, min, max);
    }

    /**
     * A text from anywhere in a request (a path variable, a header), checked like a body's field.
     *
     * @param field the name to report
     * @param value the value
     * @param min the fewest characters (code points)
     * @param max the most characters
     * @return the text, unchanged
     */
    public static String text(String field, @Nullable Object value, int min, int max) {
        String expected = "text of " + min + " to " + max + " characters, without control characters";
        if (!(value instanceof String s)) {
            throw invalid(field, expected, value == null ? "nothing" : describe(value), ordered("max_length", max));
        }
        int length = s.codePointCount(0, s.length());
        if (length < min || length > max) {
            throw invalid(field, expected, "text of " + length + " characters", ordered("min_length", min, "max_length", max));
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                throw invalid(field, expected, "a control character (U+" + String.format("%04X", (int) c) + ") at "
                        + i, ordered("max_length", max));
            }
        }
        return s;
    }

    /**
     * A whole number from anywhere in a request, taken only when it is exactly one.
     *
     * @param field the name to report
     * @param value a JSON number as parsed ({@code Integer}, {@code Long}, {@code BigInteger},
     *              {@code Double}, {@code BigDecimal}, ...)
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @return the value, exactly
     */
    public static long wholeNumber(String field, @Nullable Object value, long min, long max) {
        String expected = "a whole number from " + min + " to " + max;
        Map<String, Object> limits = ordered("min", min, "max", max);
        if (!(value instanceof Number n) || value instanceof Float && !Float.isFinite((Float) value)
                || value instanceof Double && !Double.isFinite((Double) value)) {
            throw invalid(field, expected, value == null ? "nothing" : describe(value), limits);
        }
        BigDecimal exact = exact(n);
        if (exact.signum() != 0 && exact.stripTrailingZeros().scale() > 0) {
            throw invalid(field, expected, "a number with a fraction (" + exact.toPlainString() + ")", limits);
        }
        if (exact.compareTo(LONG_MIN) < 0 || exact.compareTo(LONG_MAX) > 0
                || exact.longValue() < min || exact.longValue() > max) {
            throw invalid(field, expected, exact.abs().compareTo(BigDecimal.TEN.pow(30)) > 0 ? "a number of "
                    + exact.precision() + " digits" : exact.toBigInteger().toString(), limits);
        }
        return exact.longValueExact();
    }

    /**
     * Multiplies exactly.
     *
     * @param field the name of the result, to report
     * @param a a factor
     * @param b a factor
     * @return {@code a * b}
     * @throws BentoException {@code FIELD_INVALID} when the product does not fit in a long
     */
    public static long multiply(String field, long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw invalid(field, "a result up to " + Long.MAX_VALUE, a + " x " + b + ", which is larger",
                    ordered("max", Long.MAX_VALUE));
        }
    }

    private static BigDecimal exact(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (n instanceof Double || n instanceof Float) {
            return new BigDecimal(n.doubleValue()); // the binary value exactly: 1.99 is not whole, 1e30 is huge
        }
        return BigDecimal.valueOf(n.longValue());
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    private static String describe(Object value) {
        return value instanceof Map ? "an object" : value instanceof java.util.Collection ? "a list"
                : value instanceof Boolean ? "true or false" : value instanceof Number ? "a number" : "text";
    }

    private static BentoException invalid(String field, String expected, String got, Map<String, ?> limits) {
        Objects.requireNonNull(field, "field");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("field", field);
        details.put("expected", expected);
        details.putAll(limits);
        details.put("got", got);
        return new BentoException(new ReasonCode(FIELD_INVALID.code(), FIELD_INVALID.httpStatus(), FIELD_INVALID.category(),
                false, field + " must be " + expected + "; got " + got), details);
    }
}
