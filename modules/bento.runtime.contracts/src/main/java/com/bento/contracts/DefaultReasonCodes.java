package com.bento.contracts;

import com.bento.BentoException;
import com.bento.ReasonCode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The catalog, by code, in file order. */
final class DefaultReasonCodes implements ReasonCodes {
    private final Map<String, ReasonCode> codes;

    DefaultReasonCodes(Map<String, ReasonCode> codes) {
        this.codes = Map.copyOf(codes);
        this.ordered = List.copyOf(codes.values());
    }

    private final List<ReasonCode> ordered;

    @Override
    public Optional<ReasonCode> find(String code) {
        return Optional.ofNullable(codes.get(code));
    }

    @Override
    public List<ReasonCode> all() {
        return ordered;
    }

    @Override
    public List<ReasonCode> byCategory(String category) {
        return ordered.stream().filter(c -> c.category().equals(category)).toList();
    }

    @Override
    public BentoException exception(String code, Map<String, ?> details) {
        ReasonCode reason = codes.get(code);
        if (reason == null) {
            throw new ContractException("Reason code '" + code + "' is not in the catalog. Known codes: "
                    + (ordered.isEmpty() ? "none" : String.join(", ", ordered.stream().map(ReasonCode::code).toList()))
                    + ". Add it to a file in reason-codes/, or use a known code.");
        }
        return new BentoException(reason, details);
    }

    @Override
    public ReasonCode resolve(BentoException exception) {
        if (exception.resolved()) {
            return exception.reason();
        }
        return find(exception.reasonCode()).orElse(exception.reason());
    }
}
