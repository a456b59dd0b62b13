package com.bento;

/** How long an instance made by a container factory lives. */
public enum Lifetime {
    /** Created once, on first use, and shared; closed with the container. */
    SINGLETON,
    /** Created anew on every lookup; the caller owns and closes it. */
    TRANSIENT,
    /** Created once per {@link Scope}; closed when the scope closes. */
    SCOPED
}
