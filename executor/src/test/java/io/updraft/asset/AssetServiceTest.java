package io.updraft.asset;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.rest.RestTestSupport;
import io.updraft.store.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Assets as a user meets them: real YAML producer and consumer DAGs in a real folder, a real service over HTTP, on
 * H2 and on PostgreSQL. A producer's success makes an event that starts its consumer at once as an
 * {@code asset_triggered} run that sees the event in {@code triggering_asset_events}; a consumer of two assets waits
 * (its queued event is served) until the second comes, here from {@code POST /api/v2/assets/events}.
 */
public class AssetServiceTest extends RestTestSupport {

    private static final String API = "/api/v2";

    /** The producer, in dag-factory 1.1's Airflow 3 form, with a second outlet written as a bare URI. */
    public static final String PRODUCER = """
            default:
              default_args:
                start_date: 2024-01-01
              catchup: false
              is_paused_upon_creation: false

            asset_producer:
              schedule: None
              tasks:
                produce:
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: "echo produced"
                  outlets:
                    - __type__: airflow.sdk.Asset
                      uri: "S3://bucket/raw/orders/"
                      name: orders
                    - "file:///data/customers.csv"
            """;

    /** Consumers: one asset (a list); one asset and one only the API updates (all); either of two (__or__). */
    public static final String CONSUMERS = """
            default:
              default_args:
                start_date: 2024-01-01
              is_paused_upon_creation: false

            orders_consumer:
              schedule:
                - __type__: airflow.sdk.Asset
                  uri: "s3://bucket/raw/orders"
                  name: orders
              tasks:
                consume:
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: "{% for uri, events in triggering_asset_events.items() %}echo {{ uri }} {{ events[0].source_dag_id }} {{ events[0].source_run_id }}{% endfor %}"
            both_consumer:
              schedule:
                __and__:
                  - __type__: airflow.sdk.Asset
                    uri: "s3://bucket/raw/orders"
                    name: orders
                  - __type__: airflow.datasets.Dataset
                    uri: "https://partner.example/feed"
              tasks:
                consume:
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: "echo both"
            either_consumer:
              schedule:
                __or__:
                  - "file:///data/customers.csv"
                  - "s3://never/updated"
              tasks:
                consume:
                  operator: airflow.providers.standard.operators.empty.EmptyOperator
            """;

    /** A timetable or an asset: AssetOrTimeSchedule as dag-factory 1.1 passes it; no time-based run before 2099. */
    static final String ASSET_OR_TIME = """
            asset_or_time:
              start_date: 2099-01-01
              is_paused_upon_creation: false
              schedule:
                __type__: airflow.sdk.AssetOrTimeSchedule
                timetable: {__type__: airflow.sdk.CronDataIntervalTimetable, expression: "@yearly", timezone: UTC}
                assets: [{__type__: airflow.sdk.Asset, uri: "file:///data/customers.csv"}]
              tasks:
                consume: {operator: airflow.providers.standard.operators.empty.EmptyOperator}
            """;

    /** dag-factory's data file of asset names: not a DAG, and not an import error. */
    static final String DATA_FILE = """
            datasets:
              - name: orders
                uri: s3://bucket/raw/orders
            """;

    @TempDir
    java.nio.file.Path dir;

    @AfterEach
    void stop() {
        stopOwnService();
    }

    @Test
    void producerSuccessTriggersConsumersOnH2() throws Exception {
        producerSuccessTriggersConsumers(Map.of());
    }

    @Test
    void producerSuccessTriggersConsumersOnPostgres() throws Exception {
        try (TestDatabase database = TestDatabase.postgres()) {
            try {
                producerSuccessTriggersConsumers(Map.of("updraft.db-url", database.config().dbUrl()));
            } finally {
                stopOwnService(); // before the database is dropped
            }
        }
    }

    private void producerSuccessTriggersConsumers(Map<String, String> database) throws Exception {
        Map<String, String> properties = new HashMap<>(serviceProperties(dir, Map.of("producer.yml", PRODUCER,
                "consumers.yml", CONSUMERS, "config_datasets.yml", DATA_FILE, "asset_or_time.yml", ASSET_OR_TIME),
                ADMIN_PASSWORD));
        properties.putAll(database);
        startOwnService(properties);

        assertThat(items(ok(get(API + "/importErrors")), "import_errors")).isEmpty();
        Map<String, Object> details = ok(get(API + "/dags/both_consumer/details"));
        assertThat(details.get("timetable_summary")).isEqualTo("Asset");
        assertThat(String.valueOf(details.get("asset_expression")))
                .contains("all=[{asset={uri=s3://bucket/raw/orders, name=orders")
                .contains("uri=https://partner.example/feed");
        assertThat(items(ok(get("/ui/dagWarnings?dag_id=both_consumer")), "dag_warnings"))
                .extracting(w -> (String) w.get("message")).anyMatch(m -> m.contains("airflow.datasets.Dataset"));

        // the assets the DAGs name, with who produces and who is scheduled on them (URIs normalized)
        Map<String, Object> assets = ok(get(API + "/assets?order_by=name"));
        assertThat(items(assets, "assets")).extracting(a -> a.get("uri")).containsExactly(
                "file:///data/customers.csv", "https://partner.example/feed", "s3://bucket/raw/orders",
                "s3://never/updated");
        Map<String, Object> orders = items(assets, "assets").get(2);
        assertThat(orders).containsEntry("name", "orders").containsEntry("group", "asset")
                .containsEntry("last_asset_event", null);
        assertThat(items(orders, "scheduled_dags")).extracting(d -> d.get("dag_id"))
                .containsExactly("both_consumer", "orders_consumer");
        assertThat(items(orders, "producing_tasks")).extracting(t -> t.get("dag_id") + "." + t.get("task_id"))
                .containsExactly("asset_producer.produce");
        long ordersId = ((Number) orders.get("id")).longValue();
        long feedId = ((Number) items(assets, "assets").get(1).get("id")).longValue();

        // the producer succeeds: its events start the consumers of one asset at once
        String producerRun = (String) ok(post(API + "/dags/asset_producer/dagRuns", "{\"logical_date\": null}"))
                .get("dag_run_id");
        assertThat(awaitRun(API, "asset_producer", producerRun)).containsEntry("state", "success");
        Map<String, Object> consumerRun = await("orders_consumer runs", () -> only(API
                + "/dags/orders_consumer/dagRuns"));
        assertThat(consumerRun).containsEntry("run_type", "asset_triggered").containsEntry("triggered_by", "asset")
                .containsEntry("logical_date", null);
        assertThat((String) consumerRun.get("dag_run_id")).startsWith("asset_triggered__");
        String consumerRunId = (String) consumerRun.get("dag_run_id");
        assertThat(awaitRun(API, "orders_consumer", consumerRunId)).containsEntry("state", "success");
        Map<String, Object> xcom = ok(get(API + "/dags/orders_consumer/dagRuns/" + enc(consumerRunId)
                + "/taskInstances/consume/xcomEntries/return_value"));
        assertThat(xcom.get("value")).isEqualTo("s3://bucket/raw/orders asset_producer " + producerRun);
        Map<String, Object> eitherRun = await("either_consumer runs", () -> only(API
                + "/dags/either_consumer/dagRuns"));
        assertThat(awaitRun(API, "either_consumer", (String) eitherRun.get("dag_run_id")))
                .containsEntry("state", "success");
        // AssetOrTimeSchedule: the asset starts a run at once; its timetable's next run stays where Airflow puts it
        Map<String, Object> assetOrTimeRun = await("asset_or_time runs", () -> only(API
                + "/dags/asset_or_time/dagRuns"));
        assertThat(assetOrTimeRun).containsEntry("run_type", "asset_triggered");
        Map<String, Object> assetOrTime = ok(get(API + "/dags/asset_or_time/details"));
        assertThat(assetOrTime).containsEntry("timetable_summary", "Asset or 0 0 1 1 *")
                .containsEntry("next_dagrun_data_interval_start", "2099-01-01T00:00:00+00:00")
                .containsEntry("next_dagrun_data_interval_end", "2100-01-01T00:00:00+00:00");
        assertThat(items(ok(get("/ui/dags?name=asset_or_time")), "dags")).singleElement().satisfies(dag -> assertThat(
                (String) dag.get("schedule_description")).startsWith("on asset updates or at 00:00").contains("January"));

        // the event, with the run it triggered; the run's upstream events
        Map<String, Object> events = ok(get(API + "/assets/events?asset_id=" + ordersId));
        assertThat(events.get("total_entries")).isEqualTo(1);
        Map<String, Object> event = items(events, "asset_events").get(0);
        assertThat(event).containsEntry("source_dag_id", "asset_producer").containsEntry("source_task_id", "produce")
                .containsEntry("source_run_id", producerRun).containsEntry("source_map_index", -1)
                .containsEntry("uri", "s3://bucket/raw/orders").containsEntry("name", "orders");
        assertThat(items(event, "created_dagruns")).extracting(r -> r.get("dag_id") + "/" + r.get("run_id"))
                .contains("orders_consumer/" + consumerRunId);
        assertThat(items(ok(get(API + "/dags/orders_consumer/dagRuns/" + enc(consumerRunId)
                + "/upstreamAssetEvents")), "asset_events")).extracting(e -> e.get("id")).containsExactly(
                event.get("id"));

        // the consumer of two assets waits, with one queued event, for the second
        assertThat(items(ok(get(API + "/dags/both_consumer/dagRuns")), "dag_runs")).isEmpty();
        Map<String, Object> queued = ok(get(API + "/dags/both_consumer/assets/queuedEvents"));
        assertThat(items(queued, "queued_events")).extracting(q -> ((Number) q.get("asset_id")).longValue())
                .containsExactly(ordersId);
        assertThat(ok(get(API + "/dags/both_consumer/assets/" + ordersId + "/queuedEvents")))
                .containsEntry("dag_id", "both_consumer").containsEntry("dag_display_name", "both_consumer");
        assertThat(get(API + "/dags/both_consumer/assets/" + feedId + "/queuedEvents").status()).isEqualTo(404);

        // an event from outside (POST) completes it
        Map<String, Object> external = ok(post(API + "/assets/events",
                "{\"asset_id\": " + feedId + ", \"extra\": {\"rows\": 42}}"));
        assertThat(((Number) external.get("asset_id")).longValue()).isEqualTo(feedId);
        assertThat(external).containsEntry("source_dag_id", null)
                .containsEntry("extra", Map.of("rows", 42));
        Map<String, Object> bothRun = await("both_consumer runs", () -> only(API + "/dags/both_consumer/dagRuns"));
        assertThat(bothRun).containsEntry("run_type", "asset_triggered");
        assertThat(awaitRun(API, "both_consumer", (String) bothRun.get("dag_run_id")))
                .containsEntry("state", "success");
        assertThat(items(ok(get(API + "/dags/both_consumer/dagRuns/" + enc((String) bothRun.get("dag_run_id"))
                + "/upstreamAssetEvents")), "asset_events")).extracting(e -> ((Number) e.get("asset_id")).longValue())
                .containsExactlyInAnyOrder(ordersId, feedId);
        assertThat(items(ok(get(API + "/dags/both_consumer/assets/queuedEvents")), "queued_events")).isEmpty();
        assertThat(post(API + "/assets/events", "{\"asset_id\": 999999}").status()).isEqualTo(404);

        // each consumer ran exactly once
        assertThat(ok(get(API + "/dags/orders_consumer/dagRuns")).get("total_entries")).isEqualTo(1);
        assertThat(ok(get(API + "/dags/either_consumer/dagRuns")).get("total_entries")).isEqualTo(1);
        assertThat(ok(get(API + "/assets/" + ordersId)).get("last_asset_event")).isNotNull();
    }

    /** The DAG's one run, or null while it has none. */
    private Map<String, Object> only(String uri) {
        List<Map<String, Object>> runs = items(ok(get(uri)), "dag_runs");
        assertThat(runs).hasSizeLessThanOrEqualTo(1);
        return runs.isEmpty() ? null : runs.get(0);
    }

    private static <T> T await(String what, Supplier<T> value) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            T found = value.get();
            if (found != null) {
                return found;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 60 s: " + what);
            }
            Thread.sleep(50);
        }
    }
}
