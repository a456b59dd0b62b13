package com.bento.runtime.micronaut;

import io.micronaut.aop.Around;
import io.micronaut.context.annotation.Type;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a controller method honour {@code Idempotency-Key} (IETF draft "The Idempotency-Key HTTP Header
 * Field") for POST and PATCH requests:
 * <ul>
 *   <li>the first request with a key runs in one unit of work, and its response (status and body) is stored
 *       with the key <em>in that transaction</em>: committed with what the handler wrote, or not at all;</li>
 *   <li>a retry with the same key and the same request gets the stored response again, marked
 *       {@code Idempotency-Replayed: true}, without running the handler;</li>
 *   <li>the same key with another request body answers 422 {@code IDEMPOTENCY_KEY_REUSED};</li>
 *   <li>a retry while the first still runs answers 409 {@code IDEMPOTENCY_IN_PROGRESS}, retryable;</li>
 *   <li>a failure the caller caused (a 4xx {@code BentoException}) is stored like a response; any other
 *       failure frees the key, so that a retry runs again.</li>
 * </ul>
 * Keys are scoped by method, route and authenticated principal, kept {@code bento.http.idempotency.retention}
 * (24 h) in the table {@code bento_idempotency} of the application's database (created when first needed),
 * which every instance shares. Requests without the header run as they would without the annotation.
 *
 * <pre>{@code
 * @Post
 * @Idempotent
 * public HttpResponse<Order> place(@Body Map<String, Object> order) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@Around
@Type(IdempotencyInterceptor.class)
public @interface Idempotent {
}
