package shop.infra.api;

/** Identifiers for new aggregates: {@code prefix-<n>}, unique within one run. */
public interface Ids {
    /**
     * @param prefix such as {@code ord}
     * @return a new identifier
     */
    String next(String prefix);
}
