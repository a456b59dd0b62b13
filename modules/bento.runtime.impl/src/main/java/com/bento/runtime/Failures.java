package com.bento.runtime;

/** How the runtime treats throwables it catches. */
final class Failures {
    private Failures() {
    }

    /**
     * Rethrows a failure the JVM cannot be trusted to recover from ({@link VirtualMachineError}
     * such as {@link OutOfMemoryError}); anything else returns so the caller can clean up.
     */
    static void rethrowIfUnrecoverable(Throwable t) {
        if (t instanceof VirtualMachineError error) {
            throw error;
        }
    }

    /** Throws {@code t} as it is: unchecked throwables unwrapped, checked ones need not be declared. */
    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** Throws the first of the failures with the others suppressed on it; returns when there are none. */
    static void throwFirst(java.util.List<Throwable> failures) {
        if (failures.isEmpty()) {
            return;
        }
        Throwable first = failures.get(0);
        failures.subList(1, failures.size()).forEach(first::addSuppressed);
        throw sneaky(first);
    }
}
