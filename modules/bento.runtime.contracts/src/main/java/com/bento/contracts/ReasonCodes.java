package com.bento.contracts;

import com.bento.BentoException;
import com.bento.ReasonCode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The reason-code catalog from {@code reason-codes/*.json}. */
public interface ReasonCodes extends com.bento.ReasonCatalog {

    /**
     * @param code a reason code
     * @return its entry, if the catalog defines it
     */
    @Override
    Optional<ReasonCode> find(String code);

    /** @return every entry, in file order (files sorted by name) */
    List<ReasonCode> all();

    /**
     * @param category a category such as {@code NOT_FOUND}
     * @return the entries of that category
     */
    List<ReasonCode> byCategory(String category);

    /**
     * A {@link BentoException} carrying the catalog's message, status, category and retryability.
     *
     * @param code a reason code the catalog defines
     * @param details what the caller may want to know
     * @return the exception, to throw
     * @throws ContractException when the catalog does not define the code (the message lists those it does)
     */
    BentoException exception(String code, Map<String, ?> details);

    /**
     * Fills a bare-code {@link BentoException} from the catalog; one already resolved, or whose code
     * the catalog lacks, is returned as it is.
     *
     * @param exception the exception
     * @return the catalog's entry for its code, or its own
     */
    ReasonCode resolve(BentoException exception);
}
