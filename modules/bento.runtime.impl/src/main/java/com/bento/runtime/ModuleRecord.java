package com.bento.runtime;

import com.bento.Module;
import java.util.List;

/** One module of a runtime and what happened to it: its descriptor, state and hook timings. */
final class ModuleRecord {
    final ModuleDescriptor descriptor;
    final Module module;
    final String name;
    final List<String> requires;
    volatile ModuleState state = ModuleState.RESOLVED;
    volatile long registerNanos;
    volatile long startupNanos;
    /** When its hooks began, in nanoseconds since the build began; -1 until they ran. */
    volatile long registerOffset = -1;
    volatile long startupOffset = -1;
    /** The records this one requires, by position in the start order. */
    int[] requiresAt = new int[0];

    ModuleRecord(ModuleDescriptor descriptor) {
        this.descriptor = descriptor;
        this.module = descriptor.module();
        this.name = descriptor.name();
        this.requires = descriptor.requires();
    }
}
