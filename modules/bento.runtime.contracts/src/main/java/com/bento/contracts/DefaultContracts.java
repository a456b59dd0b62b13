package com.bento.contracts;

import com.bento.ReasonCatalog;
import com.bento.ReasonCode;
import java.nio.file.Path;
import java.util.Optional;

/** The loaded contracts; also a {@link ReasonCatalog}, so hosts that know only the API can resolve codes. */
record DefaultContracts(Path directory, ReasonCodes reasonCodes, StateMachines stateMachines, EventRouting routing,
                        EventSchemas schemas) implements Contracts, ReasonCatalog {
    @Override
    public Optional<ReasonCode> find(String code) {
        return reasonCodes.find(code);
    }
}
