package com.bento.runtime.micronaut;

import com.bento.ConfigurationException;
import com.bento.http.HttpHandler;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.web.router.Router;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Routes declared as code ({@link com.bento.http.HttpRoutes}): how a declaration is checked, how two
 * clash, and which one a request matches. {@link ModuleRoutes} serves them.
 */
final class RouteTable {
    private RouteTable() {
    }

    /** One route: its method, template, module and handler. */
    record Route(String method, String template, List<String> segments, String module, HttpHandler handler) {
        /** The template with its variables' names left out: two routes with one shape clash. */
        String shape() {
            return method + " /" + String.join("/", segments.stream().map(s -> isVariable(s) ? "{}" : s).toList());
        }
    }

    /** A route that matches a path, and the variables it read. */
    record Match(Route route, Map<String, String> variables) {
    }

    /** The best route for a method and path: at the first segment where two differ, a literal beats a variable. */
    static @Nullable Match match(List<Route> routes, String method, String path) {
        String wanted = method.equals("HEAD") ? "GET" : method;
        List<String> parts = decoded(path); // once per request, not once per route
        Route best = null;
        for (Route r : routes) {
            if (r.method().equals(wanted) && matches(r, parts) && (best == null || moreSpecific(r, best))) {
                best = r;
            }
        }
        return best == null ? null : new Match(best, variables(best, parts));
    }

    private static boolean moreSpecific(Route a, Route b) {
        for (int i = 0; i < a.segments().size(); i++) {
            boolean va = isVariable(a.segments().get(i));
            boolean vb = isVariable(b.segments().get(i));
            if (va != vb) {
                return vb;
            }
        }
        return false;
    }

    /** The path's segments, each decoded (a {@code +} stays a plus: it is a space only in a query). */
    static List<String> decoded(String path) {
        List<String> raw = segments(path);
        List<String> out = new java.util.ArrayList<>(raw.size());
        for (String part : raw) {
            out.add(part.indexOf('%') < 0 ? part : URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static boolean matches(Route r, List<String> parts) {
        List<String> expected = r.segments();
        if (parts.size() != expected.size()) {
            return false;
        }
        for (int i = 0; i < parts.size(); i++) {
            String e = expected.get(i);
            if (isVariable(e) ? parts.get(i).isEmpty() : !e.equals(parts.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> variables(Route r, List<String> parts) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            String e = r.segments().get(i);
            if (isVariable(e)) {
                vars.put(e.substring(1, e.length() - 1), parts.get(i));
            }
        }
        return vars;
    }

    /** @return the methods of the routes whose template matches the path, for a 405's Allow */
    static Set<String> allowed(List<Route> routes, String path) {
        List<String> parts = decoded(path);
        Set<String> methods = new java.util.TreeSet<>();
        for (Route r : routes) {
            if (matches(r, parts)) {
                methods.add(r.method());
            }
        }
        return methods;
    }

    static List<String> segments(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? List.of() : List.of(p.split("/", -1));
    }

    static boolean isVariable(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }

    static Route declare(String module, String method, String path, HttpHandler handler) {
        java.util.Objects.requireNonNull(handler, "handler");
        String m = method == null ? "" : method.trim().toUpperCase(Locale.ROOT);
        if (!m.matches("[A-Z]+") || m.equals("HEAD")) {
            throw new IllegalArgumentException("Module '" + module + "' declares a route with method '" + method
                    + "'; expected GET, POST, PUT, PATCH, DELETE or another token (HEAD is answered by GET)");
        }
        if (path == null || !path.startsWith("/") || path.contains("?") || path.contains("//")) {
            throw new IllegalArgumentException("Module '" + module + "' declares route " + m + " '" + path + "'; expected"
                    + " a path template starting with '/', such as /prices/{sku}, without a query");
        }
        List<String> segments = segments(path);
        Set<String> names = new java.util.HashSet<>();
        for (String s : segments) {
            if ((s.contains("{") || s.contains("}")) && !isVariable(s)) {
                throw new IllegalArgumentException("Module '" + module + "' declares route " + m + " " + path
                        + ": segment '" + s + "' mixes a variable with text; a variable is a whole segment, {name}");
            }
            if (isVariable(s) && !names.add(s)) {
                throw new IllegalArgumentException("Module '" + module + "' declares route " + m + " " + path
                        + " with variable " + s + " twice");
            }
        }
        return new Route(m, path, segments, module, handler);
    }

    /**
     * Refuses a module's routes when one has the shape (method and template, variables' names aside)
     * of a route served already, by another module or by a Micronaut controller.
     */
    static void checkClashes(String module, List<Route> declared, List<Route> against, Router router) {
        Map<String, Route> shapes = new HashMap<>();
        against.forEach(r -> shapes.put(r.shape(), r));
        for (Route r : declared) {
            Route other = shapes.putIfAbsent(r.shape(), r);
            if (other != null) {
                throw new ConfigurationException("Route " + r.method() + " " + r.template() + " of module '" + module
                        + "' is served already, as " + other.method() + " " + other.template() + " of module '"
                        + other.module() + "'. Give one of them another path.");
            }
        }
        router.uriRoutes().forEach(info -> {
            String shape = info.getHttpMethodName().toUpperCase(Locale.ROOT) + " /" + String.join("/",
                    segments(info.getUriMatchTemplate().toPathString().replaceAll("\\{[?#&][^}]*}", "")).stream().map(s -> s.startsWith("{") ? "{}" : s).toList());
            Route mine = shapes.get(shape);
            if (mine != null && mine.module().equals(module)) {
                throw new ConfigurationException("Route " + mine.method() + " " + mine.template() + " of module '"
                        + module + "' is served already by a controller (" + info.getHttpMethodName() + " "
                        + info.getUriMatchTemplate().toPathString() + "). Give one of them another path.");
            }
        });
    }
}
