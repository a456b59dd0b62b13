package com.bento.runtime.micronaut;

import com.bento.ConfigurationException;
import com.bento.GateFailedException;
import com.bento.LifecycleException;
import com.bento.ModuleResolutionException;
import com.bento.ReasonCode;
import com.bento.runtime.DynamicModules;
import com.bento.runtime.ModuleDescriptor;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loading, unloading and reloading modules over HTTP, next to {@code GET /bento/modules}:
 * <ul>
 *   <li>{@code POST /bento/modules} with {@code {"paths": ["pricing-2.jar"]}} loads the modules of
 *       those jars or folders (201);</li>
 *   <li>{@code POST /bento/modules/{name}/reload} with {@code {"paths": [...]}} replaces a loaded
 *       module by its new version (200);</li>
 *   <li>{@code DELETE /bento/modules/{name}} unloads it, {@code ?cascade=true} with the loaded
 *       modules that require it (200).</li>
 * </ul>
 * They answer whom {@link Exposure} lets see the runtime endpoints (outside {@code local}, only with
 * {@code bento.endpoints.token}). The paths are names inside {@code bento.modules.dir}; without that
 * setting nothing can be loaded over HTTP (403), so that a request never names a file of its own
 * choosing. Failures use Bento's envelope: 404 {@code MODULE_NOT_LOADED}, 409 {@code MODULE_IN_USE}
 * or {@code MODULE_NAME_TAKEN}, 422 {@code MODULE_LOAD_FAILED}, 500 {@code MODULE_HOOK_FAILED}.
 */
@Controller("${bento.endpoints.runtime.path:/bento}/modules")
@Requires(property = "bento.endpoints.runtime.enabled", notEquals = "false")
public final class ModuleEndpoints {
    private static final ReasonCode LOADING_OFF = new ReasonCode("MODULE_LOADING_OFF", 403, "FORBIDDEN", false,
            "Loading modules over HTTP is off: set bento.modules.dir (BENTO_MODULES_DIR) to the folder of the module jars");
    private static final ReasonCode BAD_PATHS = new ReasonCode("MODULE_PATHS_INVALID", 400, "VALIDATION", false,
            "Give {\"paths\": [\"<jar or folder in bento.modules.dir>\", ...]}");
    private static final ReasonCode NOT_LOADED = new ReasonCode("MODULE_NOT_LOADED", 404, "NOT_FOUND", false,
            "No such loaded module");
    private static final ReasonCode IN_USE = new ReasonCode("MODULE_IN_USE", 409, "CONFLICT", false,
            "Loaded modules require this one");
    private static final ReasonCode TAKEN = new ReasonCode("MODULE_NAME_TAKEN", 409, "CONFLICT", false,
            "A module of that name runs already");
    private static final ReasonCode NOT_STARTED = new ReasonCode("RUNTIME_NOT_STARTED", 409, "CONFLICT", true,
            "The runtime is not running");
    private static final ReasonCode LOAD_FAILED = new ReasonCode("MODULE_LOAD_FAILED", 422, "VALIDATION", false,
            "The modules could not be loaded");
    private static final ReasonCode HOOK_FAILED = new ReasonCode("MODULE_HOOK_FAILED", 500, "INTERNAL", false,
            "A hook of the module failed; what the operation did was undone");

    private final BentoHost host;
    private final Exposure exposure;
    private final @Nullable Path dir;

    ModuleEndpoints(BentoHost host, Exposure exposure, @Value("${bento.modules.dir:}") String dir) {
        this.host = host;
        this.exposure = exposure;
        this.dir = dir.isBlank() ? null : Path.of(dir.trim()).toAbsolutePath().normalize();
    }

    /**
     * @param request the request, checked against {@code bento.endpoints.details}
     * @param body {@code {"paths": [...]}}, names inside {@code bento.modules.dir}
     * @return 201 with the loaded modules in start order
     */
    @Post
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<Map<String, Object>> load(HttpRequest<?> request, @Body Map<String, Object> body) {
        return exposure.refusal(request).orElseGet(() -> withPaths(body, paths ->
                HttpResponse.status(HttpStatus.CREATED).body(Map.of("loaded", rows(modules().load(paths))))));
    }

    /**
     * @param request the request, checked against {@code bento.endpoints.details}
     * @param name the loaded module
     * @param body {@code {"paths": [...]}} of its new version, inside {@code bento.modules.dir}
     * @return 200 with what was loaded
     */
    @Post("/{name}/reload")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<Map<String, Object>> reload(HttpRequest<?> request, String name, @Body Map<String, Object> body) {
        return exposure.refusal(request).orElseGet(() -> withPaths(body, paths ->
                HttpResponse.ok(Map.of("loaded", rows(modules().reload(name, paths))))));
    }

    /**
     * @param request the request, checked against {@code bento.endpoints.details}
     * @param name the loaded module
     * @param cascade whether the loaded modules that require it go first
     * @return 200 with the modules unloaded, in the order they stopped
     */
    @Delete("/{name}{?cascade}")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<Map<String, Object>> unload(HttpRequest<?> request, String name, @Nullable Boolean cascade) {
        return exposure.refusal(request).orElseGet(() -> {
            try {
                return HttpResponse.ok(Map.of("unloaded", modules().unload(name, Boolean.TRUE.equals(cascade))));
            } catch (RuntimeException e) {
                return failure(e);
            }
        });
    }

    private DynamicModules modules() {
        return host.runtime().dynamicModules();
    }

    private interface Operation {
        HttpResponse<Map<String, Object>> run(Path[] paths);
    }

    private HttpResponse<Map<String, Object>> withPaths(@Nullable Map<String, Object> body, Operation operation) {
        if (dir == null) {
            return error(LOADING_OFF, LOADING_OFF.message(), Map.of());
        }
        Object given = body == null ? null : body.get("paths");
        if (!(given instanceof List<?> list) || list.isEmpty() || !list.stream().allMatch(String.class::isInstance)) {
            return error(BAD_PATHS, BAD_PATHS.message(), Map.of("given", String.valueOf(given)));
        }
        List<Path> paths = new ArrayList<>();
        for (Object o : list) {
            Path p = dir.resolve((String) o).normalize();
            if (!p.startsWith(dir) || p.equals(dir)) {
                return error(BAD_PATHS, "Path '" + o + "' is not inside bento.modules.dir; give the name of a jar or"
                        + " folder in it", Map.of("path", (String) o));
            }
            if (!Files.exists(p)) {
                return error(BAD_PATHS, "No '" + o + "' in bento.modules.dir", Map.of("path", (String) o));
            }
            paths.add(p);
        }
        try {
            return operation.run(paths.toArray(Path[]::new));
        } catch (RuntimeException e) {
            return failure(e);
        }
    }

    /** The envelope for what an operation threw; its message names the jars by their names in the folder. */
    private HttpResponse<Map<String, Object>> failure(RuntimeException e) {
        String message = Secrets.maskInText(String.valueOf(e.getMessage()));
        if (dir != null) {
            message = message.replace(dir + java.io.File.separator, "");
        }
        if (e instanceof ModuleResolutionException m) {
            ReasonCode reason = switch (m.reason()) {
                case IN_USE -> IN_USE;
                case DUPLICATE_NAME -> TAKEN;
                default -> LOAD_FAILED;
            };
            return error(reason, message, Map.of("modules", m.modules()));
        }
        if (e instanceof IllegalArgumentException) {
            return error(NOT_LOADED, message, Map.of());
        }
        if (e instanceof IllegalStateException) {
            return error(NOT_STARTED, message, Map.of());
        }
        if (e instanceof ConfigurationException || e instanceof GateFailedException) {
            return error(LOAD_FAILED, message, Map.of());
        }
        if (e instanceof LifecycleException l) {
            return error(HOOK_FAILED, message, l.module().map(n -> Map.<String, Object>of("module", n)).orElse(Map.of()));
        }
        throw e;
    }

    private static HttpResponse<Map<String, Object>> error(ReasonCode reason, String message, Map<String, Object> details) {
        return HttpResponse.<Map<String, Object>>status(HttpStatus.valueOf(reason.httpStatus()))
                .body(ErrorResponses.body(reason, message, details));
    }

    private static List<Map<String, Object>> rows(List<ModuleDescriptor> modules) {
        return modules.stream().map(d -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", d.name());
            row.put("jpms_module", d.jpmsModule());
            row.put("requires", d.requires());
            row.put("type", d.providerType().getName());
            return row;
        }).toList();
    }
}
