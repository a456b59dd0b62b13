package com.bento.contracts;

import com.bento.GateContext;
import com.bento.spi.ContractsLoader;
import java.nio.file.Path;

/**
 * The contracts gate, found by the runtime through {@link java.util.ServiceLoader}; applications
 * use {@code RuntimeBuilder.withContracts} rather than this class.
 */
public final class ContractsProvider implements ContractsLoader {

    /** Called by {@link java.util.ServiceLoader}. */
    public ContractsProvider() {
    }

    @Override
    public Loaded load(Path directory, boolean require, GateContext context) {
        return new ContractsReader(directory, require, context.modules(), context.contractUses()).read();
    }
}
