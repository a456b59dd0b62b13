package com.bento.otel;

import com.bento.spi.Phase;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How the listener's spans are named, parented and ended, and the spans of modules loaded and
 * unloaded while the application runs: {@code bento.modules.load} and {@code bento.modules.unload},
 * children of the start's root span, so that they show in the startup trace after the start itself.
 */
final class Spans {
    static final AttributeKey<List<String>> MODULES = AttributeKey.stringArrayKey("bento.modules");
    static final AttributeKey<List<String>> SOURCES = AttributeKey.stringArrayKey("bento.module.sources");

    private Spans() {
    }

    static void operation(Tracer tracer, @Nullable SpanContext startup, String name, List<String> modules,
                       List<String> sources, Instant began, Instant ended, @Nullable Throwable failure) {
        SpanBuilder b = tracer.spanBuilder(name).setStartTimestamp(began).setAttribute(MODULES, modules);
        if (!sources.isEmpty()) {
            // file names only: the folders are the server's business
            b.setAttribute(SOURCES, sources.stream().map(s -> {
                int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
                return slash < 0 ? s : s.substring(slash + 1);
            }).toList());
        }
        if (startup != null && startup.isValid()) {
            b.setParent(Context.root().with(Span.wrap(startup)));
        } else {
            b.setNoParent();
        }
        Span span = b.startSpan();
        String event = name.endsWith(".load") ? (failure == null ? "module.loaded" : "module.load_failed") : "module.unloaded";
        for (String module : modules) {
            span.addEvent(event, io.opentelemetry.api.common.Attributes.of(MODULE, module), ended);
        }
        end(span, ended, failure);
    }

    static final AttributeKey<String> MODULE = AttributeKey.stringKey("bento.module");

    /** A span under the given parent, or a root span of its own (a stop, whose start's trace is over). */
    static SpanBuilder under(SpanBuilder b, @Nullable Span parent) {
        return parent != null ? b.setParent(Context.root().with(parent)) : b.setNoParent();
    }

    /** @return the span of a phase: the hooks of the startup phase are {@code bento.startup.hooks} */
    static String name(Phase p) {
        return switch (p) {
            case STARTUP -> "bento.startup.hooks";
            default -> "bento." + p.label();
        };
    }

    /** Ends a span at the runtime's time, with status ERROR and the exception when it failed. */
    static void end(Span span, Instant at, @Nullable Throwable failure) {
        if (failure != null) {
            span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
            span.recordException(failure);
        }
        span.end(at);
    }
}
