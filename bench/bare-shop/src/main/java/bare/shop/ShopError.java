package bare.shop;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/** A failure with a reason code and an HTTP status, answered as {@code {"error": {...}}}. */
public final class ShopError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String reason;
    private final int status;
    /** Answered as JSON by {@link Handler}; never Java-serialized, so not kept when it is. */
    private final transient Map<String, Object> details;

    ShopError(String reason, int status, Map<String, Object> details) {
        super(reason);
        this.reason = reason;
        this.status = status;
        this.details = details;
    }

    /** Answers a {@link ShopError} with its status and reason code. */
    @Singleton
    @Produces
    public static final class Handler implements ExceptionHandler<ShopError, HttpResponse<Map<String, Object>>> {
        @Override
        public HttpResponse<Map<String, Object>> handle(@SuppressWarnings("rawtypes") HttpRequest request, ShopError e) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("reason_code", e.reason);
            error.put("details", e.details);
            return HttpResponse.<Map<String, Object>>status(HttpStatus.valueOf(e.status)).body(Map.of("error", error));
        }
    }
}
