package com.bento.runtime.micronaut;

import com.bento.ReasonCode;
import io.micronaut.context.env.Environment;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Who sees what the runtime knows about itself, as Spring Boot's actuator does it: the health
 * endpoints answer everyone with the status alone; their details and the {@code /bento/*}
 * endpoints follow {@code bento.endpoints.details}:
 * <ul>
 *   <li>{@code never}: no details, and {@code /bento/*} answers 404;</li>
 *   <li>{@code when-authorized} (the default outside the {@code local} environment): only to a request
 *       with {@code Authorization: Bearer <bento.endpoints.token>}; others get 401 from {@code /bento/*};</li>
 *   <li>{@code always} (the default in {@code local}): to everyone.</li>
 * </ul>
 * Both are Micronaut settings, so {@code BENTO_ENDPOINTS_DETAILS} and {@code BENTO_ENDPOINTS_TOKEN} work too.
 */
@Singleton
@io.micronaut.context.annotation.Context // created at start, so that a wrong setting fails the start, not a request
final class Exposure {
    enum Mode { NEVER, WHEN_AUTHORIZED, ALWAYS }

    private static final ReasonCode UNAUTHORIZED = new ReasonCode("UNAUTHORIZED", 401, "UNAUTHORIZED", false,
            "This endpoint needs Authorization: Bearer <bento.endpoints.token>");
    private static final ReasonCode NO_TOKEN = new ReasonCode("UNAUTHORIZED", 401, "UNAUTHORIZED", false,
            "This endpoint is shown only with a token, and none is configured: set bento.endpoints.token"
                    + " (BENTO_ENDPOINTS_TOKEN), or bento.endpoints.details=always");

    private final Mode mode;
    private final byte[] token;

    Exposure(Environment environment, BentoHost host) {
        String configured = environment.getProperty("bento.endpoints.details", String.class).orElse("").trim();
        this.mode = configured.isEmpty()
                ? host.runtime().environment().equals("local") ? Mode.ALWAYS : Mode.WHEN_AUTHORIZED
                : parse(configured);
        this.token = environment.getProperty("bento.endpoints.token", String.class).map(String::trim)
                .filter(t -> !t.isEmpty()).map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
    }

    private static Mode parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "never" -> Mode.NEVER;
            case "when-authorized", "when_authorized" -> Mode.WHEN_AUTHORIZED;
            case "always" -> Mode.ALWAYS;
            default -> throw new com.bento.ConfigurationException("bento.endpoints.details is '" + value
                    + "'; expected never, when-authorized or always");
        };
    }

    Mode mode() {
        return mode;
    }

    /** @return whether this request may see details */
    boolean details(HttpRequest<?> request) {
        return switch (mode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case WHEN_AUTHORIZED -> authorized(request);
        };
    }

    private boolean authorized(HttpRequest<?> request) {
        if (token.length == 0) {
            return false;
        }
        String header = request.getHeaders().get("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token); // the same time for every wrong token of a length
    }

    /** @return the answer for a request that may not see a runtime endpoint, empty when it may */
    Optional<HttpResponse<Map<String, Object>>> refusal(HttpRequest<?> request) {
        if (details(request)) {
            return Optional.empty();
        }
        if (mode == Mode.NEVER) {
            ReasonCode notFound = ErrorResponses.forStatus(404, null);
            return Optional.of(HttpResponse.<Map<String, Object>>status(HttpStatus.NOT_FOUND)
                    .body(ErrorResponses.body(notFound, notFound.message(), Map.of())));
        }
        ReasonCode reason = token.length == 0 ? NO_TOKEN : UNAUTHORIZED;
        return Optional.of(HttpResponse.<Map<String, Object>>status(HttpStatus.UNAUTHORIZED)
                .header("WWW-Authenticate", "Bearer realm=\"bento\"")
                .body(ErrorResponses.body(reason, reason.message(), Map.of())));
    }
}
