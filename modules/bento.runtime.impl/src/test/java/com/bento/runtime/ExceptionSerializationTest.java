package com.bento.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.bento.BentoException;
import com.bento.ModuleResolutionException;
import com.bento.ReasonCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Exceptions that cross a serialization boundary (a remote test runner, RMI) keep what they say. */
class ExceptionSerializationTest {

    @Test
    void aResolutionFailureKeepsItsReasonAndTheModulesOfTheCycle() throws Exception {
        ModuleResolutionException sent = new ModuleResolutionException(ModuleResolutionException.Reason.CYCLE,
                List.of("a", "b", "a"), "Cycle a -> b -> a");

        ModuleResolutionException received = roundTrip(sent);

        assertThat(received.reason()).isEqualTo(ModuleResolutionException.Reason.CYCLE);
        assertThat(received.modules()).containsExactly("a", "b", "a");
        assertThat(received).hasMessage("Cycle a -> b -> a");
    }

    @Test
    void aBusinessFailureKeepsItsReasonCodeAndStatus() throws Exception {
        BentoException sent = new BentoException(
                new ReasonCode("ORDER_NOT_FOUND", 404, "NOT_FOUND", false, "No such order"), Map.of("id", "o-1"));

        BentoException received = roundTrip(sent);

        assertThat(received.reasonCode()).isEqualTo("ORDER_NOT_FOUND");
        assertThat(received.httpStatus()).isEqualTo(404);
        assertThat(received).hasMessage("No such order");
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
