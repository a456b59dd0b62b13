package com.bento.runtime.micronaut;

import com.bento.ReasonCode;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * A time budget per route ({@code bento.http.deadline.default}, {@code bento.http.deadline.routes}): a
 * request still running when its budget is spent is answered 503 {@code DEADLINE_EXCEEDED}, retryable, at
 * that moment; the handler is not interrupted, but a unit of work it runs can no longer begin or commit
 * (it rolls back), so nothing the caller was told failed is kept. Routes without a budget pass untouched.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
@SuppressWarnings("exports") // a bean Micronaut calls, not an API: its reactive types need not reach this module's users
public final class DeadlineFilter implements HttpServerFilter, Ordered {
    private final HttpSettings settings;

    DeadlineFilter(HttpSettings settings) {
        this.settings = settings;
    }

    /** After Bento's own filter and the rate limit: a refused request spends no budget. */
    @Override
    public int getOrder() {
        return 20;
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        if (settings.defaultDeadline().isEmpty() && settings.deadlines().isEmpty()) {
            return chain.proceed(request);
        }
        Optional<Duration> budget = settings.deadlineFor(request.getMethodName(),
                BasicHttpAttributes.getUriTemplate(request).orElse(request.getPath()));
        if (budget.isEmpty()) {
            return chain.proceed(request);
        }
        long deadline = System.nanoTime() + budget.get().toNanos();
        request.setAttribute(RequestDeadlines.ATTRIBUTE, deadline);
        String id = BentoFilter.requestId(request);
        return Mono.from(chain.proceed(request)).timeout(budget.get(), Mono.fromSupplier(() -> {
            ReasonCode reason = ReasonCode.DEADLINE_EXCEEDED;
            MutableHttpResponse<?> late = HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(BentoFilter.REQUEST_ID, id)
                    .body(ErrorResponses.body(reason, reason.message(), Map.of("budget_ms", budget.get().toMillis())));
            return late;
        }));
    }
}
