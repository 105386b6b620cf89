package io.updraft.rest.v2;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /api/v2/openapi.json}: an OpenAPI document of the routes this service really has under /api/v2, built
 * from the router so that it cannot drift from the controllers (paths, methods, path parameters; no schemas).
 */
@Controller("/api/v2")
public class OpenApiController {

    private static final Pattern VARIABLE = Pattern.compile("\\{\\+?([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?}");

    private final Router router;
    private volatile Map<String, Object> document;

    public OpenApiController(Router router) {
        this.router = router;
    }

    @Get("/openapi.json")
    public Map<String, Object> openapi() {
        if (document == null) {
            document = build();
        }
        return document;
    }

    private Map<String, Object> build() {
        Map<String, Map<String, Object>> paths = new TreeMap<>();
        router.uriRoutes().forEach(route -> add(paths, route));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", Map.of("title", "Airflow API (Updraft)", "version", MonitorController.VERSION,
                "description", "The subset of Airflow 3's public REST API that Updraft implements."));
        doc.put("paths", paths);
        return doc;
    }

    private static void add(Map<String, Map<String, Object>> paths, UriRouteInfo<?, ?> route) {
        String template = route.getUriMatchTemplate().toString();
        if (!template.startsWith("/api/v2") || route.getTargetMethod().getDeclaringType()
                == io.updraft.rest.UnknownPathController.class) {
            return;
        }
        List<Map<String, Object>> parameters = new ArrayList<>();
        StringBuilder path = new StringBuilder();
        Matcher m = VARIABLE.matcher(template);
        while (m.find()) {
            m.appendReplacement(path, Matcher.quoteReplacement("{" + m.group(1) + "}"));
            parameters.add(Map.of("name", m.group(1), "in", "path", "required", true,
                    "schema", Map.of("type", "string")));
        }
        m.appendTail(path);
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("operationId", route.getTargetMethod().getMethodName());
        operation.put("tags", List.of(route.getTargetMethod().getDeclaringType().getSimpleName()
                .replace("Controller", "")));
        if (!parameters.isEmpty()) {
            operation.put("parameters", parameters);
        }
        operation.put("responses", Map.of("default", Map.of("description", "See Airflow's public API")));
        String suffix = path.toString().replaceFirst("^/api/v2", "");
        paths.computeIfAbsent("/api/v2" + suffix, p -> new TreeMap<>())
                .put(route.getHttpMethodName().toLowerCase(Locale.ROOT), operation);
    }
}
