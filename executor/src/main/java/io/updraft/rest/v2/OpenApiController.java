package io.updraft.rest.v2;

import com.fasterxml.jackson.core.type.TypeReference;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import io.updraft.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /api/v2/openapi.json}: the OpenAPI document of the operations this service really has under /api/v2.
 * Airflow 3.3.2's generated document (apache-airflow-core's {@code v2-rest-api-generated.yaml}, Apache-2.0, kept as
 * JSON in the resources) is the contract: each route the router has that Airflow documents gets Airflow's
 * operation (parameters, request body, response schemas, operationId) and the document keeps Airflow's schemas; a
 * route of ours Airflow does not have gets a generic operation with an operationId of its own. Built from the
 * router, so it cannot list an operation we do not serve.
 */
@Controller("/api/v2")
public class OpenApiController {

    static final String CONTRACT = "/io/updraft/rest/openapi/airflow-3.3.2-v2-rest-api.json";
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

    @SuppressWarnings("unchecked")
    private Map<String, Object> build() {
        Map<String, Object> contract = contract();
        Map<String, Map<String, Object>> airflowPaths = (Map<String, Map<String, Object>>) contract.get("paths");
        Map<String, Map<String, Object>> paths = new TreeMap<>();
        Set<String> operationIds = new HashSet<>();
        router.uriRoutes().forEach(route -> add(paths, airflowPaths, operationIds, route));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", contract.get("openapi"));
        doc.put("info", Map.of("title", "Airflow API (Updraft)", "version", MonitorController.VERSION,
                "description", "The operations of Airflow 3.3's public REST API that Updraft implements, with "
                        + "Airflow 3.3.2's schemas (its generated OpenAPI document, Apache-2.0)."));
        doc.put("paths", paths);
        doc.put("components", contract.get("components"));
        acceptEitherClearedItem((Map<String, Object>) contract.get("components"));
        return doc;
    }

    /**
     * Airflow 3.3.2's clear dry run lists each task instance as {@code oneOf} a TaskInstanceResponse or a
     * NewTaskResponse; a full task instance satisfies both (NewTaskResponse only requires task_id and
     * task_display_name and allows more), so no answer Airflow itself gives could match. Either is accepted here.
     */
    @SuppressWarnings("unchecked")
    private static void acceptEitherClearedItem(Map<String, Object> components) {
        Map<String, Object> schemas = (Map<String, Object>) components.get("schemas");
        Map<String, Object> collection = (Map<String, Object>) schemas.get("ClearTaskInstanceCollectionResponse");
        Map<String, Object> items = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) collection
                .get("properties")).get("task_instances")).get("items");
        Object alternatives = items.remove("oneOf");
        if (alternatives != null) {
            items.put("anyOf", alternatives);
        }
    }

    private static Map<String, Object> contract() {
        try (InputStream in = OpenApiController.class.getResourceAsStream(CONTRACT)) {
            if (in == null) {
                throw new IllegalStateException(CONTRACT + " is missing from the classpath");
            }
            return Json.MAPPER.readValue(in, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void add(Map<String, Map<String, Object>> paths, Map<String, Map<String, Object>> airflowPaths,
            Set<String> operationIds, UriRouteInfo<?, ?> route) {
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
        String method = route.getHttpMethodName().toLowerCase(Locale.ROOT);
        Map<String, Object> airflow = airflowPaths.getOrDefault(path.toString(), Map.of());
        Object operation = airflow.get(method);
        if (operation == null) {
            Map<String, Object> ours = new LinkedHashMap<>();
            String controller = route.getTargetMethod().getDeclaringType().getSimpleName().replace("Controller", "");
            ours.put("operationId", unique(operationIds, "updraft_" + controller + "_"
                    + route.getTargetMethod().getMethodName()));
            ours.put("tags", List.of(controller));
            ours.put("summary", "Updraft's own operation (not in Airflow's API)");
            if (!parameters.isEmpty()) {
                ours.put("parameters", parameters);
            }
            ours.put("responses", Map.of("default", Map.of("description", "See Updraft's README")));
            operation = ours;
        } else {
            operationIds.add(String.valueOf(((Map<?, ?>) operation).get("operationId")));
        }
        paths.computeIfAbsent(path.toString(), p -> new TreeMap<>()).put(method, operation);
    }

    private static String unique(Set<String> taken, String wanted) {
        String id = wanted;
        for (int i = 2; !taken.add(id); i++) {
            id = wanted + "_" + i;
        }
        return id;
    }
}
