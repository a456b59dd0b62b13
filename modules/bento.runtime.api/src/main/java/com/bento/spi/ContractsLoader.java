package com.bento.spi;

import com.bento.GateContext;
import com.bento.GateResult;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Loads and validates a contracts folder in the gates phase; provided by Bento's contracts module.
 * The runtime puts what it loaded in the container under {@code contracts}.
 */
public interface ContractsLoader {

    /**
     * What was loaded.
     *
     * @param result the gate result: errors stop the start
     * @param contracts the loaded contracts, or {@code null} when nothing could be loaded
     * @param type the declared type of {@code contracts} in the container
     */
    record Loaded(GateResult result, @Nullable Object contracts, Class<?> type) {
        /** Validates the components. */
        public Loaded {
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * Loads the folder.
     *
     * @param directory the contracts folder
     * @param require {@code true}: a missing folder or any problem is an error; {@code false}: warnings
     * @param context the application being started, with its loaded modules
     * @return the result and the loaded contracts
     */
    Loaded load(Path directory, boolean require, GateContext context);
}
