package com.bento.http;

/**
 * Where a module declares its routes. A path is a template of {@code /}-separated segments, each a
 * literal or a variable {@code {name}} matching one non-empty segment; where two templates match, the
 * one with a literal at the first differing segment wins. A method and template already served
 * (by another module, or by a controller) is refused when the routes are collected, naming both.
 */
public interface HttpRoutes {

    /**
     * @param method the HTTP method, such as {@code GET}; upper-cased
     * @param path the path template, starting with {@code /}
     * @param handler what answers it
     * @return these routes
     * @throws IllegalArgumentException when the method or template is malformed
     */
    HttpRoutes route(String method, String path, HttpHandler handler);

    /** @see #route(String, String, HttpHandler) */
    default HttpRoutes get(String path, HttpHandler handler) {
        return route("GET", path, handler);
    }

    /** @see #route(String, String, HttpHandler) */
    default HttpRoutes post(String path, HttpHandler handler) {
        return route("POST", path, handler);
    }

    /** @see #route(String, String, HttpHandler) */
    default HttpRoutes put(String path, HttpHandler handler) {
        return route("PUT", path, handler);
    }

    /** @see #route(String, String, HttpHandler) */
    default HttpRoutes patch(String path, HttpHandler handler) {
        return route("PATCH", path, handler);
    }

    /** @see #route(String, String, HttpHandler) */
    default HttpRoutes delete(String path, HttpHandler handler) {
        return route("DELETE", path, handler);
    }
}
