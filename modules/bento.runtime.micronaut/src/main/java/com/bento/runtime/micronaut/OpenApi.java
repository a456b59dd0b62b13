package com.bento.runtime.micronaut;

import com.bento.Module;
import com.bento.ReasonCatalog;
import com.bento.ReasonCode;
import com.bento.runtime.BentoRuntime;
import io.micronaut.core.type.Argument;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One OpenAPI 3.1 document for every module's routes, made from the routes Micronaut serves: a path
 * per URI template, an operation per method tagged with its module, its path and query parameters,
 * a JSON body where the handler takes one, and the answers every route can give: Bento's error
 * envelope, the {@code X-Request-ID} header, and per operation the reason codes its module declares
 * ({@code @UsesContracts}) with the statuses the contracts give them.
 */
final class OpenApi {
    private static final Pattern VARIABLE = Pattern.compile("\\{([?&/]?)([^}]+)}");

    private OpenApi() {
    }

    static Map<String, Object> document(BentoRuntime runtime, Router router, String version) {
        return document(runtime, router, version, List.of());
    }

    /**
     * @param codeRoutes the routes modules declare as code ({@link ModuleRoutes}), loaded modules' too
     */
    static Map<String, Object> document(BentoRuntime runtime, Router router, String version,
                                        List<RouteTable.Route> codeRoutes) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", ordered("title", runtime.serviceName(), "version", version,
                "description", "Routes of the modules of '" + runtime.serviceName() + "', served by Bento on Micronaut."));
        Map<String, String> moduleOf = new LinkedHashMap<>();
        Map<String, com.bento.runtime.ModuleDescriptor> modules = new LinkedHashMap<>();
        for (com.bento.runtime.ModuleDescriptor m : runtime.moduleDescriptors()) {
            modules.put(m.name(), m);
            m.controllers().forEach(c -> moduleOf.put(c.getName(), m.name()));
        }
        for (com.bento.runtime.ModuleDescriptor m : runtime.dynamicModules().loaded()) {
            modules.put(m.name(), m);
            m.controllers().forEach(c -> moduleOf.put(c.getName(), m.name()));
        }
        Optional<ReasonCatalog> catalog = runtime.container().find(ReasonCatalog.CONTRACTS);
        Map<String, Map<String, Object>> paths = new TreeMap<>();
        List<UriRouteInfo<?, ?>> routes = router.uriRoutes()
                .filter(r -> Routes.controllerOf(r.getDeclaringType(), moduleOf::containsKey).isPresent())
                .filter(r -> r.getHttpMethod() != io.micronaut.http.HttpMethod.HEAD)
                .sorted(Comparator.comparing((UriRouteInfo<?, ?> r) -> r.getUriMatchTemplate().toString())
                        .thenComparing(UriRouteInfo::getHttpMethodName)).toList();
        for (UriRouteInfo<?, ?> route : routes) {
            String module = moduleOf.get(Routes.controllerOf(route.getDeclaringType(), moduleOf::containsKey).orElseThrow());
            String template = route.getUriMatchTemplate().toString();
            List<Map<String, Object>> parameters = new ArrayList<>();
            String path = pathAndParameters(template, parameters);
            Map<String, Object> operation = new LinkedHashMap<>();
            operation.put("operationId", module + "." + route.getTargetMethod().getMethodName());
            operation.put("tags", List.of(module));
            parameters.add(Map.of("$ref", "#/components/parameters/RequestId"));
            boolean body = false;
            for (Argument<?> argument : route.getTargetMethod().getArguments()) {
                if (argument.getAnnotationMetadata().hasAnnotation(Body.class)) {
                    body = true;
                } else if (argument.getAnnotationMetadata().hasAnnotation(QueryValue.class)
                        && parameters.stream().noneMatch(p -> argument.getName().equals(p.get("name")))) {
                    parameters.add(ordered("name", argument.getName(), "in", "query", "schema", Map.of("type", "string")));
                } else if (argument.getAnnotationMetadata().hasAnnotation(Header.class)) {
                    parameters.add(ordered("name", argument.getAnnotationMetadata().stringValue(Header.class)
                            .orElse(argument.getName()), "in", "header", "schema", Map.of("type", "string")));
                }
            }
            operation.put("parameters", parameters);
            if (body) {
                operation.put("requestBody", ordered("required", true, "content",
                        Map.of("application/json", Map.of("schema", Map.of("type", "object")))));
            }
            operation.put("responses", responses(modules.get(module), catalog, operation));
            paths.computeIfAbsent(path, k -> new LinkedHashMap<>())
                    .put(route.getHttpMethodName().toLowerCase(java.util.Locale.ROOT), operation);
        }
        for (RouteTable.Route route : codeRoutes) {
            List<Map<String, Object>> parameters = new ArrayList<>();
            String path = pathAndParameters(route.template(), parameters);
            Map<String, Object> operation = new LinkedHashMap<>();
            String method = route.method().toLowerCase(java.util.Locale.ROOT);
            operation.put("operationId", route.module() + "." + method + path.replaceAll("[^A-Za-z0-9]+", "_"));
            operation.put("tags", List.of(route.module()));
            parameters.add(Map.of("$ref", "#/components/parameters/RequestId"));
            operation.put("parameters", parameters);
            if (List.of("post", "put", "patch").contains(method)) {
                operation.put("requestBody", ordered("required", false, "content", Map.of("*/*", Map.of("schema", Map.of()))));
            }
            operation.put("x-bento-declared-as-code", true);
            operation.put("responses", responses(modules.get(route.module()), catalog, operation));
            paths.computeIfAbsent(path, k -> new LinkedHashMap<>()).put(method, operation);
        }
        doc.put("paths", paths);
        doc.put("components", components());
        return doc;
    }

    /** The responses of a module's operation: success, its reason codes by status, Bento's envelope otherwise. */
    private static Map<String, Object> responses(com.bento.runtime.@org.jspecify.annotations.Nullable ModuleDescriptor module,
                                                 Optional<ReasonCatalog> catalog, Map<String, Object> operation) {
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("2XX", ordered("description", "Success", "headers", Map.of("X-Request-ID",
                Map.of("$ref", "#/components/headers/RequestId")),
                "content", Map.of("application/json", Map.of("schema", Map.of()))));
        List<String> codes = module == null ? List.<String>of() : module.contracts()
                .map(com.bento.GateContext.ContractUse::reasonCodes).orElse(List.of());
        Map<Integer, List<String>> byStatus = new TreeMap<>();
        for (String code : codes) {
            catalog.flatMap(c -> c.find(code)).map(ReasonCode::httpStatus)
                    .ifPresent(status -> byStatus.computeIfAbsent(status, k -> new ArrayList<>()).add(code));
        }
        byStatus.forEach((status, reasons) -> responses.put(String.valueOf(status), ordered(
                "description", "Reason codes: " + String.join(", ", reasons),
                "headers", Map.of("X-Request-ID", Map.of("$ref", "#/components/headers/RequestId")),
                "content", Map.of("application/json", Map.of("schema", Map.of("$ref", "#/components/schemas/Error"))))));
        responses.put("4XX", Map.of("$ref", "#/components/responses/Error"));
        responses.put("5XX", Map.of("$ref", "#/components/responses/Error"));
        if (!codes.isEmpty()) {
            operation.put("x-bento-reason-codes", codes);
        }
        return responses;
    }

    /** OpenAPI's path (only {@code {name}} variables) and the parameters the URI template declares. */
    static String pathAndParameters(String template, List<Map<String, Object>> parameters) {
        StringBuilder path = new StringBuilder();
        Matcher m = VARIABLE.matcher(template);
        int last = 0;
        while (m.find()) {
            path.append(template, last, m.start());
            last = m.end();
            String operator = m.group(1);
            for (String raw : m.group(2).split(",")) {
                String name = raw.replaceAll("[:*].*$", "").trim();
                if (operator.equals("?") || operator.equals("&")) {
                    parameters.add(ordered("name", name, "in", "query", "schema", Map.of("type", "string")));
                } else {
                    path.append('{').append(name).append('}');
                    parameters.add(ordered("name", name, "in", "path", "required", true, "schema", Map.of("type", "string")));
                }
            }
        }
        path.append(template.substring(last));
        return path.length() == 0 ? "/" : path.toString();
    }

    private static Map<String, Object> components() {
        Map<String, Object> error = ordered(
                "type", "object",
                "description", "Every error the server sends, Micronaut's own included",
                "required", List.of("reason_code", "message", "category", "details", "retryable"),
                "properties", ordered(
                        "reason_code", ordered("type", "string", "pattern", "^[A-Z][A-Z0-9_]*$",
                                "examples", List.of("ORDER_NOT_FOUND")),
                        "message", Map.of("type", "string"),
                        "category", ordered("type", "string", "examples", List.of("NOT_FOUND", "VALIDATION")),
                        "details", ordered("type", "object", "additionalProperties", true),
                        "retryable", Map.of("type", "boolean")));
        return ordered(
                "schemas", Map.of("Error", error),
                "headers", Map.of("RequestId", ordered("description", "The request's id: the caller's X-Request-ID, or a"
                        + " new UUID", "schema", Map.of("type", "string"))),
                "parameters", Map.of("RequestId", ordered("name", "X-Request-ID", "in", "header", "required", false,
                        "description", "An id to follow the request by; one is made when absent",
                        "schema", ordered("type", "string", "maxLength", 200))),
                "responses", Map.of("Error", ordered("description", "Bento's error envelope",
                        "headers", Map.of("X-Request-ID", Map.of("$ref", "#/components/headers/RequestId")),
                        "content", Map.of("application/json", Map.of("schema", Map.of("$ref", "#/components/schemas/Error"))))));
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
