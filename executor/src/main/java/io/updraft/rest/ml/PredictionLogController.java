package io.updraft.rest.ml;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.updraft.api.model.ModelRegistry;
import io.updraft.api.model.PredictionRecord;
import io.updraft.auth.Principal;
import io.updraft.auth.Principals;
import io.updraft.auth.Role;
import io.updraft.ml.ModelServing;
import io.updraft.ml.PredictionAudit;
import io.updraft.rest.ApiException;
import io.updraft.rest.Dates;
import io.updraft.rest.Query;
import io.updraft.rest.Validation;
import jakarta.inject.Provider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model's prediction log for audit ({@code GET .../predictions}, paged, newest first) and late labels
 * ({@code POST .../feedback}: true labels attached to prediction ids, all or none). The logged input itself is
 * shown to op and admin only (it may hold tokens in a query string); everyone who reads sees its SHA-256.
 */
@Controller("/api/ml/models/{name}")
@ExecuteOn(TaskExecutors.BLOCKING)
public class PredictionLogController {

    /** Labels per feedback request. */
    static final int MAX_LABELS = 10_000;

    private final ModelRegistry registry;
    private final PredictionAudit audit;
    /** The serving, started on first use. */
    private final Provider<ModelServing> serving;

    public PredictionLogController(ModelRegistry registry, PredictionAudit audit, Provider<ModelServing> serving) {
        this.registry = registry;
        this.audit = audit;
        this.serving = serving;
    }

    @Get("/predictions")
    public Map<String, Object> predictions(HttpRequest<?> request, @PathVariable("name") String name) {
        ModelsController.versions(registry, name);
        Query query = Query.of(request);
        Integer limit = query.integer("limit");
        Integer offset = query.integer("offset");
        Integer version = query.integer("model_version");
        if (limit != null && (limit < 1 || limit > 1000)) {
            throw query.bad("less_than_equal", "limit", "Input should be between 1 and 1000", limit);
        }
        if (offset != null && offset < 0) {
            throw query.bad("greater_than_equal", "offset", "Input should be greater than or equal to 0", offset);
        }
        boolean showInputs = Principals.of(request).map(Principal::role).map(r -> r.atLeast(Role.OP)).orElse(false);
        PredictionAudit.Page page = audit.predictionPage(name, version, limit == null ? 100 : limit,
                offset == null ? 0 : offset);
        List<Map<String, Object>> out = new ArrayList<>(page.predictions().size());
        for (PredictionRecord p : page.predictions()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("prediction_id", p.predictionId());
            m.put("model_version", p.modelVersion());
            m.put("predicted_at", Dates.iso(p.time()));
            m.put("score", p.score());
            m.put("label", p.label());
            m.put("url_sha256", p.inputSha256());
            m.put("url", showInputs ? p.input() : null);
            m.put("true_label", p.trueLabel());
            out.add(m);
        }
        return Map.of("predictions", out, "total_entries", page.total());
    }

    @Post("/feedback")
    public Map<String, Object> feedback(@PathVariable("name") String name, @Body @Nullable String text)
            throws InterruptedException {
        io.updraft.rest.Body body = io.updraft.rest.Body.strict(text, Set.of("labels"));
        body.require("labels");
        JsonNode labels = body.node("labels");
        if (labels == null || !labels.isArray()) {
            throw body.invalid("list_type", "labels", "Input should be a valid list", body.value("labels"));
        }
        if (labels.isEmpty() || labels.size() > MAX_LABELS) {
            throw body.invalid(labels.isEmpty() ? "too_short" : "too_long", "labels",
                    "List should have 1 to " + MAX_LABELS + " items", labels.size());
        }
        Map<String, Integer> byId = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            io.updraft.rest.Body item = io.updraft.rest.Body.strictAt(labels.get(i), List.of("body", "labels", i),
                    Set.of("prediction_id", "label"));
            item.require("prediction_id");
            item.require("label");
            String id = item.string("prediction_id");
            Integer label = item.integer("label");
            if (id == null || id.isBlank()) {
                throw Validation.error("string_too_short", List.of("body", "labels", i, "prediction_id"),
                        "String should be a prediction id", id);
            }
            if (label == null || (label != 0 && label != 1)) {
                throw Validation.error("literal_error", List.of("body", "labels", i, "label"),
                        "Input should be 0 or 1", item.value("label"));
            }
            byId.put(id, label);
        }
        ModelsController.versions(registry, name);
        serving.get().flushLog(); // a prediction just answered may still be queued for the log
        List<String> unknown = audit.feedback(name, byId);
        if (!unknown.isEmpty()) {
            throw ApiException.notFound("Model `" + name + "` has no predictions with the ids " + unknown
                    + "; no label was stored");
        }
        return Map.of("model_name", name, "labelled", byId.size());
    }
}
