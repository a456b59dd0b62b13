package com.bento.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One request, read whole: what a {@link HttpHandler} answers.
 *
 * @param method the HTTP method, upper-case
 * @param path the request path, without the query
 * @param pathParams the template's variables, decoded
 * @param query the query parameters, decoded, each with its values in order
 * @param headers the headers; names are matched ignoring case
 * @param body the body's bytes, empty when there is none
 */
public record HttpCall(String method, String path, Map<String, String> pathParams, Map<String, List<String>> query,
                       Map<String, List<String>> headers, byte[] body) {

    /** Copies the maps; header names become case-insensitive. */
    public HttpCall {
        pathParams = Map.copyOf(pathParams);
        query = Map.copyOf(query);
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
        headers = java.util.Collections.unmodifiableMap(h);
        body = body.clone();
        method = method.toUpperCase(Locale.ROOT);
    }

    /**
     * @param name a variable of the route's template
     * @return its value
     * @throws IllegalArgumentException when the template has no such variable (a mistake in the handler)
     */
    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalArgumentException("The route of " + method + " " + path + " has no path variable '" + name
                    + "'; it has " + pathParams.keySet());
        }
        return value;
    }

    /**
     * @param name a query parameter
     * @return its first value, if given
     */
    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * @param name a header, in any case
     * @return its first value, if given
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** @return the body as UTF-8 text */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpCall c && method.equals(c.method) && path.equals(c.path) && pathParams.equals(c.pathParams)
                && query.equals(c.query) && headers.equals(c.headers) && java.util.Arrays.equals(body, c.body);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(method, path, pathParams, query, headers, java.util.Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "HttpCall[" + method + " " + path + ", " + body.length + " body bytes]";
    }
}
