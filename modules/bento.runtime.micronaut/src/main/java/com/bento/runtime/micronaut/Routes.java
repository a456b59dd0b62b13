package com.bento.runtime.micronaut;

import com.bento.runtime.ModuleGraph;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.web.router.Router;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Each module's HTTP routes: from Micronaut's router while serving, from the annotations without a server. */
final class Routes {
    private Routes() {
    }

    /**
     * The controller a route belongs to, among the given class names: its declaring type, or a superclass
     * of it (a controller with around advice, such as {@link Idempotent}, is served by a generated subclass).
     */
    static java.util.Optional<String> controllerOf(Class<?> declaring, java.util.function.Predicate<String> known) {
        for (Class<?> c = declaring; c != null && c != Object.class; c = c.getSuperclass()) {
            if (known.test(c.getName())) {
                return java.util.Optional.of(c.getName());
            }
        }
        return java.util.Optional.empty();
    }

    /** The routes the router serves for the module's controllers, HEAD (which Micronaut adds to each GET) left out. */
    static List<ModuleGraph.Route> served(Router router, Set<String> controllers) {
        return router.uriRoutes()
                .filter(r -> controllerOf(r.getDeclaringType(), controllers::contains).isPresent())
                .filter(r -> r.getHttpMethod() != io.micronaut.http.HttpMethod.HEAD)
                .map(r -> new ModuleGraph.Route(r.getHttpMethodName(), r.getUriMatchTemplate().toString()))
                .distinct().sorted(Comparator.comparing(ModuleGraph.Route::path).thenComparing(ModuleGraph.Route::method))
                .toList();
    }

    /** The routes a module's controllers declare, read from their annotations (placeholders left as written). */
    static List<ModuleGraph.Route> declared(com.bento.runtime.ModuleDescriptor module) {
        List<ModuleGraph.Route> routes = new ArrayList<>();
        for (Class<?> controller : module.controllers()) {
            Controller c = controller.getAnnotation(Controller.class);
            String base = c == null ? "" : c.value();
            for (Method m : controller.getMethods()) {
                for (Map.Entry<String, String> e : methodPaths(m).entrySet()) {
                    routes.add(new ModuleGraph.Route(e.getKey(), join(base, e.getValue())));
                }
            }
        }
        return routes.stream().distinct()
                .sorted(Comparator.comparing(ModuleGraph.Route::path).thenComparing(ModuleGraph.Route::method)).toList();
    }

    private static Map<String, String> methodPaths(Method m) {
        return Arrays.stream(m.getAnnotations()).map(Routes::route).filter(r -> r != null)
                .collect(Collectors.toMap(r -> r[0], r -> r[1], (a, b) -> a, java.util.LinkedHashMap::new));
    }

    private static String[] route(Annotation a) {
        if (a instanceof Get g) {
            return new String[] {"GET", g.value()};
        }
        if (a instanceof Post p) {
            return new String[] {"POST", p.value()};
        }
        if (a instanceof Put p) {
            return new String[] {"PUT", p.value()};
        }
        if (a instanceof Delete d) {
            return new String[] {"DELETE", d.value()};
        }
        if (a instanceof Patch p) {
            return new String[] {"PATCH", p.value()};
        }
        return null;
    }

    private static String join(String base, String path) {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        String p = path.isEmpty() || path.equals("/") ? "" : path.startsWith("/") ? path : "/" + path;
        String joined = b + p;
        return joined.isEmpty() ? "/" : joined;
    }
}
