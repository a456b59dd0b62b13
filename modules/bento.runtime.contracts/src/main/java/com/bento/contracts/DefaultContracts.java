package com.bento.contracts;

import java.nio.file.Path;

/** The loaded contracts. */
record DefaultContracts(Path directory, ReasonCodes reasonCodes, StateMachines stateMachines, EventRouting routing,
                        EventSchemas schemas) implements Contracts {
}
