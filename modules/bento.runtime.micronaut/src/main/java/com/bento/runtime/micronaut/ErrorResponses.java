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
    private static final java.util.regex.Pattern JSON_POSITION = java.util.regex.Pattern.compile("line: (\\d+), column: (\\d+)");
    private static final java.util.regex.Pattern ARGUMENT = java.util.regex.Pattern.compile("argument \\[([^\\]]+)\\]");
    private static final java.util.regex.Pattern LIMIT = java.util.regex.Pattern.compile("maximum allowed content length \\[(\\d+)\\]");

    private ErrorResponses() {
    }

    /**
     * The reason an error Micronaut answers by itself (no route, wrong method, unreadable body, limits)
     * carries: by status, with Bento's own messages; Micronaut's messages can quote parser internals.
     */
    static ReasonCode forStatus(int status, @org.jspecify.annotations.Nullable Throwable cause) {
        return switch (status) {
            case 400 -> jsonFailure(cause)
                    ? new ReasonCode("REQUEST_BODY_INVALID", 400, "VALIDATION", false,
                            "The request body is not valid JSON, or not of the expected shape")
                    : new ReasonCode("BAD_REQUEST", 400, "VALIDATION", false, "The request could not be read");
            case 401 -> new ReasonCode("UNAUTHORIZED", 401, "UNAUTHORIZED", false, "Authentication is required");
            case 403 -> new ReasonCode("FORBIDDEN", 403, "FORBIDDEN", false, "Not allowed");
            case 404 -> new ReasonCode("NOT_FOUND", 404, "NOT_FOUND", false, "Not found");
            case 405 -> new ReasonCode("METHOD_NOT_ALLOWED", 405, "VALIDATION", false, "This method is not allowed here");
            case 406 -> new ReasonCode("NOT_ACCEPTABLE", 406, "VALIDATION", false, "No acceptable representation");
            case 413 -> new ReasonCode("REQUEST_TOO_LARGE", 413, "VALIDATION", false, cause != null
                    ? "The request body is larger than the server accepts"
                    : "The request's URI or headers are larger than the server accepts");
            case 414 -> new ReasonCode("URI_TOO_LONG", 414, "VALIDATION", false, "The request's URI is longer than the server accepts");
            case 415 -> new ReasonCode("UNSUPPORTED_MEDIA_TYPE", 415, "VALIDATION", false, "The body's content type is not accepted here");
            case 431 -> new ReasonCode("REQUEST_HEADERS_TOO_LARGE", 431, "VALIDATION", false, "The request's headers are larger than the server accepts");
            case 500 -> ReasonCode.INTERNAL_ERROR;
            case 503 -> new ReasonCode("SERVICE_UNAVAILABLE", 503, "UNAVAILABLE", true, "The service is unavailable");
            default -> new ReasonCode(status >= 500 ? "SERVER_ERROR" : "CLIENT_ERROR", status,
                    status >= 500 ? "INTERNAL" : "VALIDATION", status >= 500, "HTTP " + status);
        };
    }

    private static boolean jsonFailure(@org.jspecify.annotations.Nullable Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String type = t.getClass().getName();
            if (type.startsWith("com.fasterxml.jackson.core.") || type.startsWith("io.micronaut.serde.")
                    || type.contains("JsonSyntaxException")
                    || type.endsWith("JsonProcessingException") || String.valueOf(t.getMessage()).startsWith("Invalid JSON")) {
                return true;
            }
        }
        return false;
    }

    /** What a caller may act on for such an error: where the JSON broke, the methods allowed, the limit. */
    static Map<String, Object> detailsFor(int status, @org.jspecify.annotations.Nullable Throwable cause,
                                          HttpRequest<?> request, io.micronaut.http.HttpResponse<?> response) {
        Map<String, Object> details = new LinkedHashMap<>();
        switch (status) {
            case 400 -> {
                for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
                    String message = String.valueOf(t.getMessage());
                    java.util.regex.Matcher argument = ARGUMENT.matcher(message);
                    if (argument.find() && !details.containsKey("argument")) {
                        details.put("argument", argument.group(1));
                    }
                    java.util.regex.Matcher m = JSON_POSITION.matcher(message);
                    if (m.find() && !details.containsKey("line")) {
                        details.put("line", Integer.parseInt(m.group(1)));
                        details.put("column", Integer.parseInt(m.group(2)));
                    }
                }
            }
            case 413 -> {
                java.util.regex.Matcher m = LIMIT.matcher(cause == null ? "" : String.valueOf(cause.getMessage()));
                if (m.find()) {
                    details.put("max_bytes", Long.parseLong(m.group(1)));
                }
            }
            case 405 -> response.getHeaders().getAll("Allow").stream()
                    .flatMap(v -> java.util.Arrays.stream(v.split(","))).map(String::trim)
                    .filter(v -> !v.isEmpty()).reduce((a, b) -> a + ", " + b)
                    .ifPresent(allowed -> details.put("allowed", allowed));
            case 415 -> request.getContentType().ifPresent(t -> details.put("content_type", t.toString()));
            default -> {
            }
        }
        return details;
    }

    /**
     * Bento's body for every error Micronaut builds itself (no route, wrong method, unreadable body,
     * request too large, ...), in place of Micronaut's own, with an {@code X-Request-ID} also when the
     * request never reached the filters (Netty's decoder refused a URI or headers over its limits,
     * which Micronaut answers 413 without saying which).
     */
    @Singleton
    public static final class EnvelopeProcessor
            implements io.micronaut.http.server.exceptions.response.ErrorResponseProcessor<Map<String, Object>> {

        /** Created by Micronaut. */
        public EnvelopeProcessor() {
        }

        @Override
        @SuppressWarnings("unchecked")
        public io.micronaut.http.MutableHttpResponse<Map<String, Object>> processResponse(
                io.micronaut.http.server.exceptions.response.ErrorContext context,
                io.micronaut.http.MutableHttpResponse<?> response) {
            Throwable cause = context.getRootCause().orElse(null);
            int status = response.code();
            ReasonCode reason = forStatus(status, cause);
            if (response.getHeaders().get(BentoFilter.REQUEST_ID) == null) {
                String id = BentoFilter.requestId(context.getRequest());
                response.header(BentoFilter.REQUEST_ID, id.equals("-") ? BentoFilter.newId() : id);
            }
            io.micronaut.http.MutableHttpResponse<Map<String, Object>> typed =
                    (io.micronaut.http.MutableHttpResponse<Map<String, Object>>) response;
            if (context.getRequest().getMethod() == io.micronaut.http.HttpMethod.HEAD) {
                return typed;
            }
            return typed.contentType(io.micronaut.http.MediaType.APPLICATION_JSON_TYPE)
                    .body(body(reason, reason.message(), detailsFor(status, cause, context.getRequest(), response)));
        }
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
                reason = host.runtime().container().find(ReasonCatalog.CONTRACTS)
                        .flatMap(c -> c.find(exception.reasonCode())).orElse(reason);
            }
            String message = exception.resolved() ? exception.publicMessage() : reason.message().isEmpty()
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
