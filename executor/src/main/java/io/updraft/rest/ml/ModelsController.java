package io.updraft.rest.ml;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.updraft.api.model.AliasChange;
import io.updraft.api.model.ModelRegistry;
import io.updraft.api.model.ModelVersion;
import io.updraft.api.model.MonitoringResult;
import io.updraft.auth.Principal;
import io.updraft.auth.Principals;
import io.updraft.json.Json;
import io.updraft.ml.ModelServing;
import io.updraft.rest.ApiException;
import io.updraft.rest.Dates;
import io.updraft.rest.Query;
import jakarta.inject.Provider;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * {@code /api/ml/models}: registered models with their versions, aliases, metrics and lineage; promotion and
 * rollback of the champion; predictions by the champion; monitoring results. Errors are
 * {@code {"detail": ...}}: 404 for an unknown model or version, 409 when the model has no champion (or nothing to
 * roll back to), 422 with FastAPI's field list for a bad body.
 */
@Controller("/api/ml/models")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ModelsController {

    /** Inputs per predict request. */
    static final int MAX_URLS = 10_000;

    private final ModelRegistry registry;
    /** The serving, started on first use. */
    private final Provider<ModelServing> serving;

    public ModelsController(ModelRegistry registry, Provider<ModelServing> serving) {
        this.registry = registry;
        this.serving = serving;
    }

    private ModelServing serving() {
        return serving.get();
    }

    @Get
    public Map<String, Object> list() {
        List<Map<String, Object>> models = new ArrayList<>();
        for (String name : registry.modelNames()) {
            models.add(model(name, registry.versions(name), false));
        }
        return Map.of("models", models, "total_entries", models.size());
    }

    @Get("/{name}")
    public Map<String, Object> get(@PathVariable("name") String name) {
        Map<String, Object> model = model(name, versions(name), false);
        List<Map<String, Object>> history = new ArrayList<>();
        for (AliasChange change : registry.aliasHistory(name)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("alias", change.alias());
            m.put("version", change.version());
            m.put("previous_version", change.previousVersion());
            m.put("action", change.action());
            m.put("actor", change.actor());
            m.put("changed_at", Dates.iso(change.changedAt()));
            history.add(m);
        }
        model.put("alias_history", history);
        return model;
    }

    @Get("/{name}/versions/{version}")
    public Map<String, Object> version(@PathVariable("name") String name, @PathVariable("version") String version) {
        versions(name);
        int number = versionNumber(version);
        ModelVersion found = registry.version(name, number).orElseThrow(() -> ApiException.notFound(
                "Model `" + name + "` has no version " + number));
        return version(found, true);
    }

    @Post("/{name}/promote")
    public Map<String, Object> promote(HttpRequest<?> request, @PathVariable("name") String name,
            @Body @Nullable String text) {
        io.updraft.rest.Body body = io.updraft.rest.Body.strict(text, Set.of("version"));
        body.require("version");
        Integer version = body.integer("version");
        if (version == null || version < 1) {
            throw body.invalid("greater_than_equal", "version", "Input should be greater than or equal to 1",
                    body.value("version"));
        }
        versions(name);
        Integer previous = registry.alias(name, ModelVersion.CHAMPION).map(ModelVersion::version).orElse(null);
        ModelVersion promoted;
        try {
            promoted = serving().promote(name, version, actor(request));
        } catch (NoSuchElementException e) {
            throw ApiException.notFound("Model `" + name + "` has no version " + version);
        } catch (IOException | RuntimeException e) {
            throw new ApiException(422, "Version " + version + " of model `" + name + "` cannot be loaded: "
                    + e.getMessage());
        }
        return championMove(promoted, previous);
    }

    @Post("/{name}/rollback")
    public Map<String, Object> rollback(HttpRequest<?> request, @PathVariable("name") String name,
            @Body @Nullable String text) {
        io.updraft.rest.Body.strict(text, Set.of());
        versions(name);
        Integer previous = registry.alias(name, ModelVersion.CHAMPION).map(ModelVersion::version).orElse(null);
        try {
            return championMove(serving().rollback(name, actor(request)), previous);
        } catch (NoSuchElementException | IllegalStateException | ModelServing.ChampionUnavailableException e) {
            throw ApiException.conflict(e.getMessage());
        } catch (IOException e) {
            throw new ApiException(422, "The previous champion of model `" + name + "` cannot be loaded: "
                    + e.getMessage());
        }
    }

    @Post("/{name}/predict")
    public Map<String, Object> predict(@PathVariable("name") String name, @Body @Nullable String text) {
        io.updraft.rest.Body body = io.updraft.rest.Body.strict(text, Set.of("url", "urls"));
        List<String> urls;
        if (body.has("url") && body.has("urls")) {
            throw body.invalid("value_error", "urls", "Value error, give either url or urls, not both",
                    body.value("urls"));
        } else if (body.has("url")) {
            String url = body.string("url");
            if (url == null || url.isBlank()) {
                throw body.invalid("string_too_short", "url", "String should be a non-empty URL", url);
            }
            urls = List.of(url);
        } else if (body.has("urls")) {
            urls = body.strings("urls");
            if (urls == null || urls.isEmpty()) {
                throw body.invalid("too_short", "urls", "List should have at least 1 item", body.value("urls"));
            }
            if (urls.size() > MAX_URLS) {
                throw body.invalid("too_long", "urls", "List should have at most " + MAX_URLS + " items",
                        urls.size());
            }
            for (int i = 0; i < urls.size(); i++) {
                if (urls.get(i).isBlank()) {
                    throw io.updraft.rest.Validation.error("string_too_short", List.of("body", "urls", i),
                            "String should be a non-empty URL", urls.get(i));
                }
            }
        } else {
            body.require("urls");
            throw new IllegalStateException();
        }
        List<ModelServing.Prediction> predictions;
        try {
            predictions = serving().predict(name, urls);
        } catch (ModelServing.NoChampionException e) {
            throw ApiException.conflict(e.getMessage());
        } catch (ModelServing.ChampionUnavailableException e) {
            throw new ApiException(503, "Service Unavailable", e.getMessage());
        } catch (NoSuchElementException e) {
            throw ApiException.notFound(modelNotFound(name));
        }
        List<Map<String, Object>> out = new ArrayList<>(predictions.size());
        for (ModelServing.Prediction p : predictions) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("url", p.input());
            m.put("score", p.score());
            m.put("label", p.label());
            m.put("model_version", p.modelVersion());
            m.put("prediction_id", p.predictionId());
            out.add(m);
        }
        return Map.of("predictions", out);
    }

    @Get("/{name}/monitoring")
    public Map<String, Object> monitoring(HttpRequest<?> request, @PathVariable("name") String name) {
        versions(name);
        Integer limit = Query.of(request).integer("limit");
        if (limit != null && (limit < 1 || limit > 1000)) {
            throw Query.of(request).bad("less_than_equal", "limit", "Input should be between 1 and 1000", limit);
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (MonitoringResult r : registry.monitoring(name, limit == null ? 100 : limit)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("model_name", r.modelName());
            m.put("state", r.state());
            m.put("computed_at", Dates.iso(r.computedAt()));
            m.put("window_start", Dates.iso(r.windowStart()));
            m.put("window_end", Dates.iso(r.windowEnd()));
            m.put("dag_id", r.dagId());
            m.put("run_id", r.runId());
            m.put("statistics", r.statistics());
            results.add(m);
        }
        return Map.of("monitoring", results, "total_entries", results.size());
    }

    static List<ModelVersion> versions(ModelRegistry registry, String name) {
        List<ModelVersion> versions = registry.versions(name);
        if (versions.isEmpty()) {
            throw ApiException.notFound(modelNotFound(name));
        }
        return versions;
    }

    private List<ModelVersion> versions(String name) {
        List<ModelVersion> versions = registry.versions(name);
        if (versions.isEmpty()) {
            throw ApiException.notFound(modelNotFound(name));
        }
        return versions;
    }

    private static String modelNotFound(String name) {
        return "The model `" + name + "` was not found";
    }

    private static int versionNumber(String text) {
        try {
            int v = Integer.parseInt(text);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw io.updraft.rest.Validation.error("int_parsing", List.of("path", "version"),
                "Input should be a valid integer >= 1", text);
    }

    private static String actor(HttpRequest<?> request) {
        return Principals.of(request).map(Principal::username).orElse(null);
    }

    private Map<String, Object> championMove(ModelVersion champion, Integer previous) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", champion.name());
        m.put("champion", champion.version());
        m.put("previous_champion", previous);
        m.put("served_version", serving().servedVersion(champion.name()));
        m.put("version", version(champion, false));
        return m;
    }

    private static Map<String, Object> model(String name, List<ModelVersion> versions, boolean provenance) {
        Map<String, Object> aliases = new LinkedHashMap<>();
        for (ModelVersion v : versions) {
            for (String alias : v.aliases()) {
                aliases.put(alias, v.version());
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("latest_version", versions.isEmpty() ? null : versions.get(versions.size() - 1).version());
        m.put("aliases", aliases);
        m.put("versions", versions.stream().map(v -> version(v, provenance)).toList());
        return m;
    }

    static Map<String, Object> version(ModelVersion v, boolean provenance) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("version", v.version());
        m.put("status", v.status());
        m.put("aliases", v.aliases());
        m.put("algorithm", v.algorithm());
        m.put("format", v.format());
        m.put("artifact_path", v.artifactPath());
        m.put("artifact_sha256", v.artifactSha256());
        m.put("source_path", v.sourcePath());
        m.put("artifact_pruned_at", v.artifactPrunedAt() == null ? null : Dates.iso(v.artifactPrunedAt()));
        m.put("created_at", Dates.iso(v.createdAt()));
        m.put("metrics", v.metrics());
        Map<String, Object> lineage = new LinkedHashMap<>();
        lineage.put("data_sha256", v.lineage().dataSha256());
        lineage.put("dag_id", v.lineage().dagId());
        lineage.put("dag_version", v.lineage().dagVersion());
        lineage.put("run_id", v.lineage().runId());
        lineage.put("task_id", v.lineage().taskId());
        lineage.put("code_version", v.lineage().codeVersion());
        lineage.put("features_sha256", v.lineage().featuresSha256());
        m.put("lineage", lineage);
        m.put("validation", v.validation());
        if (provenance) {
            m.put("provenance", v.provenanceJson() == null ? null : Json.read(v.provenanceJson()));
        }
        return m;
    }
}
