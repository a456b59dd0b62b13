package com.bento.runtime.micronaut;

import com.bento.BentoException;
import com.bento.ReasonCatalog;
import com.bento.ReasonCode;
import com.bento.data.Database;
import io.micronaut.aop.InterceptorBean;
import io.micronaut.aop.MethodInterceptor;
import io.micronaut.aop.MethodInvocationContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What {@link Idempotent} does: see there. A bean Micronaut calls, present only with Bento's data module. */
@SuppressWarnings("exports") // names the optional data module's Database in its condition, not in an API
@Singleton
@InterceptorBean(Idempotent.class)
@io.micronaut.context.annotation.Requires(classes = Database.class)
public final class IdempotencyInterceptor implements MethodInterceptor<Object, Object> {
    static final String HEADER = "Idempotency-Key";
    static final ReasonCode KEY_INVALID = new ReasonCode("IDEMPOTENCY_KEY_INVALID", 400, "VALIDATION", false,
            "Idempotency-Key must be 1 to 255 visible ASCII characters");
    static final ReasonCode KEY_REUSED = new ReasonCode("IDEMPOTENCY_KEY_REUSED", 422, "VALIDATION", false,
            "This Idempotency-Key was used for another request; use a new key for a new request");
    static final ReasonCode IN_PROGRESS = new ReasonCode("IDEMPOTENCY_IN_PROGRESS", 409, "CONFLICT", true,
            "A request with this Idempotency-Key is still being processed; retry shortly");

    private final BentoHost host;
    private final JsonMapper json;
    private final HttpSettings settings;
    private volatile @Nullable IdempotencyStore store;

    IdempotencyInterceptor(BentoHost host, JsonMapper json, HttpSettings settings) {
        this.host = host;
        this.json = json;
        this.settings = settings;
    }

    @Override
    public @Nullable Object intercept(MethodInvocationContext<Object, Object> context) {
        HttpRequest<?> request = ServerRequestContext.currentRequest().orElse(null);
        if (request == null || (request.getMethod() != HttpMethod.POST && request.getMethod() != HttpMethod.PATCH)) {
            return context.proceed();
        }
        String key = request.getHeaders().get(HEADER);
        if (key == null) {
            return context.proceed();
        }
        if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)) {
            throw new BentoException(KEY_INVALID, Map.of("header", HEADER));
        }
        String scope = request.getMethodName() + " " + BasicHttpAttributes.getUriTemplate(request).orElse(request.getPath())
                + request.getUserPrincipal().map(p -> " " + p.getName()).orElse("");
        String fingerprint = fingerprint(request, context);
        IdempotencyStore rows = store();
        Optional<IdempotencyStore.Row> existing;
        try {
            rows.purge(settings.idempotencyRetention());
            existing = rows.claim(key, scope, fingerprint, settings.idempotencyLockTimeout());
        } catch (SQLException e) {
            throw new IllegalStateException("The idempotency key could not be claimed: " + e.getMessage(), e);
        }
        if (existing.isPresent()) {
            IdempotencyStore.Row row = existing.get();
            if (!row.fingerprint().equals(fingerprint)) {
                throw new BentoException(KEY_REUSED, Map.of("header", HEADER));
            }
            if (!row.done()) {
                throw new BentoException(IN_PROGRESS, Map.of("header", HEADER));
            }
            return replay(context, row);
        }
        Database database = host.runtime().container().get(Database.KEY);
        try {
            return database.unitOfWork().call(connection -> {
                Object result = context.proceed();
                IdempotencyStore.complete(connection, key, scope, status(result), body(result));
                return result;
            });
        } catch (BentoException e) {
            ReasonCode reason = resolved(e);
            if (reason.httpStatus() < 500) {
                // the caller's mistake answers the same each time: kept like a response
                storeAlone(rows, key, scope, reason.httpStatus(), write(ErrorResponses.body(reason,
                        e.resolved() ? e.publicMessage() : reason.message(), e.details())));
            } else {
                releaseQuietly(rows, key, scope, e);
            }
            throw e;
        } catch (RuntimeException | Error e) {
            releaseQuietly(rows, key, scope, e);
            throw e;
        }
    }

    private IdempotencyStore store() {
        IdempotencyStore s = store;
        if (s == null) {
            synchronized (this) {
                s = store;
                if (s == null) {
                    s = new IdempotencyStore(host.runtime().container().get(Database.DATA_SOURCE));
                    store = s;
                }
            }
        }
        return s;
    }

    private ReasonCode resolved(BentoException e) {
        return e.resolved() ? e.reason() : host.runtime().container().find(ReasonCatalog.CONTRACTS)
                .flatMap(c -> c.find(e.reasonCode())).orElse(e.reason());
    }

    /** The request as the key must see it again: method, path and the handler's arguments (the parsed body). */
    private String fingerprint(HttpRequest<?> request, MethodInvocationContext<Object, Object> context) {
        Map<String, Object> what = new TreeMap<>();
        what.put("method", request.getMethodName());
        what.put("path", request.getPath());
        what.put("arguments", canonical(context.getParameterValueMap()));
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(write(what).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Maps with sorted keys, all the way down: the same JSON object written in another order is the same request. */
    private static Object canonical(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
            return sorted;
        }
        if (value instanceof Iterable<?> list) {
            java.util.List<Object> out = new java.util.ArrayList<>();
            list.forEach(v -> out.add(canonical(v)));
            return out;
        }
        return value;
    }

    private static int status(@Nullable Object result) {
        return result instanceof HttpResponse<?> r ? r.code() : 200;
    }

    private String body(@Nullable Object result) {
        Object body = result instanceof HttpResponse<?> r ? r.body() : result;
        return body == null ? "" : write(body);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("The response could not be stored for its idempotency key: " + e, e);
        }
    }

    private @Nullable Object replay(MethodInvocationContext<Object, Object> context, IdempotencyStore.Row row) {
        Object body;
        try {
            body = row.body() == null || row.body().isEmpty() ? null : json.readValue(row.body(), Object.class);
        } catch (IOException e) {
            throw new IllegalStateException("The stored response of an idempotency key could not be read: " + e, e);
        }
        if (row.status() >= 400) {
            return HttpResponse.status(HttpStatus.valueOf(row.status())).header("Idempotency-Replayed", "true").body(body);
        }
        if (HttpResponse.class.isAssignableFrom(context.getReturnType().getType())) {
            return HttpResponse.status(HttpStatus.valueOf(row.status())).header("Idempotency-Replayed", "true").body(body);
        }
        ServerRequestContext.currentRequest().ifPresent(r -> r.setAttribute("bento.idempotency.replayed", Boolean.TRUE));
        return body;
    }

    private static void storeAlone(IdempotencyStore rows, String key, String scope, int status, String body) {
        try {
            rows.completeAlone(key, scope, status, body);
        } catch (SQLException e) {
            releaseQuietly(rows, key, scope, e);
        }
    }

    private static void releaseQuietly(IdempotencyStore rows, String key, String scope, Throwable failure) {
        try {
            rows.release(key, scope);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
