package com.bento;

import java.util.Optional;

/** Looks reason codes up, so that a host can fill a bare-code {@link BentoException} from the catalog. */
@FunctionalInterface
public interface ReasonCatalog {

    /** The loaded contracts, seen as a catalog of reason codes (present when a contracts folder was checked). */
    ServiceKey<ReasonCatalog> CONTRACTS = ServiceKey.of("contracts", ReasonCatalog.class);

    /**
     * @param code a reason code
     * @return its catalog entry, if the catalog defines it
     */
    Optional<ReasonCode> find(String code);
}
