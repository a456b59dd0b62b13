package com.bento.runtime.micronaut;

import com.bento.BentoException;
import com.bento.ReasonCatalog;
import com.bento.ReasonCode;
import io.micronaut.context.annotation.Requirements;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/** Error bodies shared by the exception handlers: {@code {reason_code, message, category, details, retryable}}. */
final class ErrorResponses {
    private ErrorResponses() {
    }

    static Map<String, Object> body(ReasonCode reason, String message, Map<String, Object> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason_code", reason.code());
        body.put("message", message);
        body.put("category", reason.category());
        body.put("details", details);
        body.put("retryable", reason.retryable());
        return body;
    }

    /**
     * A {@link BentoException} as a response with its reason's status. A bare code is filled from
     * the contracts' catalog when contracts are loaded.
     */
    @Produces
    @Singleton
    @Requirements(@Requires(classes = ExceptionHandler.class))
    public static final class BentoExceptionHandler implements ExceptionHandler<BentoException, HttpResponse<?>> {
        private final BentoHost host;

        /**
         * @param host the host
         */
        public BentoExceptionHandler(BentoHost host) {
            this.host = host;
        }

        @Override
        @SuppressWarnings("rawtypes") // the interface declares the raw type
        public HttpResponse<?> handle(HttpRequest request, BentoException exception) {
            ReasonCode reason = exception.reason();
            if (!exception.resolved()) {
                reason = host.runtime().container().find("contracts", ReasonCatalog.class)
                        .flatMap(c -> c.find(exception.reasonCode())).orElse(reason);
            }
            String message = exception.resolved() ? exception.getMessage() : reason.message().isEmpty()
                    ? reason.code() : reason.message();
            return HttpResponse.status(HttpStatus.valueOf(reason.httpStatus()))
                    .body(body(reason, message, exception.details()));
        }
    }

    /**
     * Micronaut Data's optimistic-lock failure: 409 {@code OPTIMISTIC_LOCK_CONFLICT}, retryable. Active
     * only when Micronaut Data is on the path.
     */
    @Produces
    @Singleton
    @Requires(classes = io.micronaut.data.exceptions.OptimisticLockException.class)
    public static final class OptimisticLockHandler
            implements ExceptionHandler<io.micronaut.data.exceptions.OptimisticLockException, HttpResponse<?>> {

        /** Created by Micronaut. */
        public OptimisticLockHandler() {
        }

        @Override
        @SuppressWarnings("rawtypes") // the interface declares the raw type
        public HttpResponse<?> handle(HttpRequest request, io.micronaut.data.exceptions.OptimisticLockException exception) {
            ReasonCode reason = ReasonCode.OPTIMISTIC_LOCK_CONFLICT;
            return HttpResponse.status(HttpStatus.CONFLICT).body(body(reason, reason.message()
                    + "; read it again and retry", Map.of()));
        }
    }

    /** Any other failure: 500 {@code INTERNAL_ERROR}, no stack trace or message in the body; logged with the request id. */
    @Produces
    @Singleton
    public static final class InternalErrorHandler implements ExceptionHandler<RuntimeException, HttpResponse<?>> {
        private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(InternalErrorHandler.class);

        /** Created by Micronaut. */
        public InternalErrorHandler() {
        }

        @Override
        @SuppressWarnings("rawtypes") // the interface declares the raw type
        public HttpResponse<?> handle(HttpRequest request, RuntimeException exception) {
            String id = BentoFilter.requestId(request);
            LOG.error("Request {} {} failed (request id {})", request.getMethodName(), request.getPath(), id, exception);
            return HttpResponse.serverError(body(ReasonCode.INTERNAL_ERROR, "Internal error (request id " + id + ")", Map.of()));
        }
    }
}
