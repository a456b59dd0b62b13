package com.bento.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.bento.BentoException;
import com.bento.Fields;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fields take a request's values exactly or refuse them, naming the field and the limit. */
class FieldsTest {

    private static BentoException refused(Runnable read) {
        return catchThrowableOfType(BentoException.class, read::run);
    }

    @Test
    void wholeNumbersOfEveryJsonShapeAreTakenExactly() {
        assertThat(Fields.wholeNumber("n", 7, 0, 10)).isEqualTo(7);
        assertThat(Fields.wholeNumber("n", 7L, 0, 10)).isEqualTo(7);
        assertThat(Fields.wholeNumber("n", 2.0, 0, 10)).as("2.0 is exactly two").isEqualTo(2);
        assertThat(Fields.wholeNumber("n", new BigDecimal("3.000"), 0, 10)).isEqualTo(3);
        assertThat(Fields.wholeNumber("n", BigInteger.valueOf(Long.MAX_VALUE), 0, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aNumberThatIsNotExactlyWholeOrNotInRangeIsRefusedWithTheFieldAndLimits() {
        BentoException fraction = refused(() -> Fields.wholeNumber("price_cents", new BigDecimal("1.99"), 0, 100));
        assertThat(fraction.httpStatus()).isEqualTo(422);
        assertThat(fraction.reasonCode()).isEqualTo("FIELD_INVALID");
        assertThat(fraction).hasMessage("price_cents must be a whole number from 0 to 100; got a number with a fraction (1.99)");
        assertThat(fraction.details()).containsExactly(Map.entry("field", "price_cents"),
                Map.entry("expected", "a whole number from 0 to 100"), Map.entry("min", 0L), Map.entry("max", 100L),
                Map.entry("got", "a number with a fraction (1.99)"));
        assertThat(refused(() -> Fields.wholeNumber("q", new BigInteger("4294967297"), 1, Integer.MAX_VALUE)))
                .hasMessageEndingWith("got 4294967297");
        assertThat(refused(() -> Fields.wholeNumber("q", new BigInteger("99999999999999999999"), 1, 5)))
                .as("beyond a long, not wrapped").hasMessageEndingWith("got 99999999999999999999");
        assertThat(refused(() -> Fields.wholeNumber("q", Double.NaN, 1, 5))).hasMessageEndingWith("got a number");
        assertThat(refused(() -> Fields.wholeNumber("q", 1e30, 1, 5))).hasMessageEndingWith("got a number of 31 digits");
        assertThat(refused(() -> Fields.wholeNumber("q", null, 1, 5))).hasMessageEndingWith("got nothing");
        assertThat(refused(() -> Fields.wholeNumber("q", true, 1, 5))).hasMessageEndingWith("got true or false");
    }

    @Test
    void textsAreTakenUnchangedWithinTheirLengthInCodePointsAndWithoutControlCharacters() {
        assertThat(Fields.text("name", "Grüner Tee 🍵", 1, 12)).isEqualTo("Grüner Tee 🍵");
        assertThat(refused(() -> Fields.text("sku", "x".repeat(41), 1, 40)))
                .hasMessage("sku must be text of 1 to 40 characters, without control characters; got text of 41 characters");
        assertThat(refused(() -> Fields.text("sku", "a\u0000b", 1, 40))).hasMessageEndingWith("got a control character (U+0000) at 1");
        assertThat(refused(() -> Fields.text("sku", 5, 1, 40))).hasMessageEndingWith("got a number");
        Map<String, Object> body = new HashMap<>();
        body.put("note", null);
        assertThat(Fields.of(body).optionalText("note", 1, 5)).isEmpty();
        assertThat(refused(() -> Fields.of(null)).reasonCode()).isEqualTo("REQUEST_BODY_INVALID");
    }

    @Test
    void multiplicationIsExactOrRefused() {
        assertThat(Fields.multiply("total_cents", 250, 3)).isEqualTo(750);
        assertThat(refused(() -> Fields.multiply("total_cents", Long.MAX_VALUE / 2, 3)))
                .hasMessageStartingWith("total_cents must be a result up to " + Long.MAX_VALUE);
    }
}
