package io.updraft.store;

import static io.updraft.store.RunFixtures.T0;
import static io.updraft.store.RunFixtures.aManualRun;
import static io.updraft.store.RunFixtures.aTaskInstance;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.dag.DagRecord;
import io.updraft.run.DagRun;
import io.updraft.run.RunState;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The list queries give what sorting and filtering in Java gave before them (nulls first ascending, the key as
 * tiebreaker, case-insensitive patterns matching anywhere); run on H2 and PostgreSQL by the subclasses.
 */
abstract class ListingsContractTest extends StoreTestSupport {

    private static final List<ListQuery.Sort> TI_KEY = List.of(ListQuery.Sort.asc("map_index"),
            ListQuery.Sort.asc("dag_id"), ListQuery.Sort.asc("run_id"), ListQuery.Sort.asc("task_id"));
    private static final Comparator<TaskInstance> TI_KEY_ORDER = Comparator.comparing(TaskInstance::mapIndex)
            .thenComparing(TaskInstance::dagId).thenComparing(TaskInstance::runId).thenComparing(TaskInstance::taskId);

    private Listings listings;
    private JdbiRunStore runs;
    private JdbiDagStore dags;
    private final List<DagRun> allRuns = new ArrayList<>();
    private final List<TaskInstance> allTis = new ArrayList<>();

    @BeforeEach
    void fill() {
        listings = new Listings(db);
        runs = new JdbiRunStore(db);
        dags = new JdbiDagStore(db);
        Random random = new Random(7);
        TaskState[] states = {TaskState.NONE, TaskState.SUCCESS, TaskState.FAILED, TaskState.RUNNING};
        for (String dagId : List.of("b_dag", "a_dag", "C_dag")) {
            for (int r = 0; r < 4; r++) {
                Instant runAfter = random.nextInt(4) == 0 ? null : T0.plus(Duration.ofHours(random.nextInt(3)));
                DagRun run = aManualRun(dagId, "run_" + r, runAfter);
                List<TaskInstance> tis = new ArrayList<>();
                for (String taskId : List.of("extract", "Load", "t_1", "t%2")) {
                    Instant start = random.nextBoolean() ? null : T0.plusSeconds(random.nextInt(5));
                    Instant end = start == null || random.nextBoolean() ? null
                            : start.plusMillis(random.nextInt(3) * 1500L);
                    tis.add(aTaskInstance(run, taskId, taskId.equals("t_1") ? r % 2 : -1).toBuilder()
                            .state(states[random.nextInt(states.length)])
                            .startDate(start).endDate(end)
                            .pool(random.nextInt(3) == 0 ? null : "pool" + random.nextInt(2))
                            .tryNumber(random.nextInt(3))
                            .build());
                }
                allRuns.add(runs.createRun(run, tis));
                allTis.addAll(tis);
            }
        }
    }

    @Test
    void taskInstancePagesAreOrderedAsJavaOrdersThem() {
        Map<String, Comparator<TaskInstance>> keys = Map.of(
                "state", nullsFirst(ti -> ti.state().value()),
                "start_date", nullsFirst(TaskInstance::startDate),
                "end_date", nullsFirst(TaskInstance::endDate),
                "(end_date - start_date)", nullsFirst(TaskInstance::duration),
                "pool", nullsFirst(TaskInstance::pool),
                "try_number", Comparator.comparing(TaskInstance::tryNumber),
                "task_id", Comparator.comparing(TaskInstance::taskId));
        for (Map.Entry<String, Comparator<TaskInstance>> key : keys.entrySet()) {
            boolean nullable = !key.getKey().equals("try_number") && !key.getKey().equals("task_id");
            ListQuery.Sort sort = new ListQuery.Sort(key.getKey(), false, nullable);
            for (boolean descending : List.of(false, true)) {
                List<ListQuery.Sort> order = new ArrayList<>(List.of(descending ? sort.reversed() : sort));
                order.addAll(TI_KEY);
                Comparator<TaskInstance> expected = (descending ? key.getValue().reversed() : key.getValue())
                        .thenComparing(TI_KEY_ORDER);
                for (int offset : List.of(0, 5, 40, 60)) {
                    Listings.Slice<TaskInstance> page = listings.taskInstances(new ListQuery(),
                            new Listings.Window(order, 7, offset));
                    assertThat(page.items()).as("%s desc=%s offset=%s", key.getKey(), descending, offset)
                            .isEqualTo(allTis.stream().sorted(expected).skip(offset).limit(7).toList());
                    assertThat(page.total()).isEqualTo(allTis.size());
                }
            }
        }
    }

    @Test
    void filtersMatchAsBefore() {
        assertFiltered(new ListQuery().in("state", java.util.Arrays.asList(null, "failed")),
                ti -> ti.state() == TaskState.NONE || ti.state() == TaskState.FAILED);
        assertFiltered(new ListQuery().in("state", List.of()), ti -> false);
        assertFiltered(new ListQuery().range("start_date", T0.plusSeconds(1), T0.plusSeconds(3), null, null),
                ti -> ti.startDate() != null && !ti.startDate().isBefore(T0.plusSeconds(1))
                        && !ti.startDate().isAfter(T0.plusSeconds(3)));
        assertFiltered(new ListQuery().range("start_date", null, null, T0.plusSeconds(1), T0.plusSeconds(3)),
                ti -> ti.startDate() != null && ti.startDate().isAfter(T0.plusSeconds(1))
                        && ti.startDate().isBefore(T0.plusSeconds(3)));
        // as the REST layer's Java patterns did: case-insensitive, anywhere; _ one character, % and ~ any text
        for (String pattern : List.of("LOA", "t_", "x~c", "~", "!", "t%2", "T!", "%_1")) {
            Predicate<String> before = io.updraft.rest.Patterns.like(pattern);
            assertFiltered(new ListQuery().like("task_id", pattern), ti -> before.test(ti.taskId()));
        }
        assertFiltered(new ListQuery().like("task_id", "LOA"), ti -> ti.taskId().equals("Load"));
        assertFiltered(new ListQuery().equal("dag_id", "a_dag").in("pool", List.of("pool1"))
                        .where("map_index >= ?", 0),
                ti -> ti.dagId().equals("a_dag") && "pool1".equals(ti.pool()) && ti.mapIndex() >= 0);
        assertFiltered(new ListQuery().range(Listings.runColumnOfTaskInstance("run_after"), T0, T0, null, null),
                ti -> T0.equals(run(ti).runAfter()));
    }

    private void assertFiltered(ListQuery query, Predicate<TaskInstance> expected) {
        List<TaskInstance> want = allTis.stream().filter(expected).sorted(TI_KEY_ORDER).toList();
        Listings.Slice<TaskInstance> all = listings.taskInstances(query, new Listings.Window(TI_KEY, 100, 0));
        assertThat(all.items()).isEqualTo(want);
        assertThat(all.total()).isEqualTo(want.size());
        Listings.Slice<TaskInstance> none = listings.taskInstances(query, new Listings.Window(TI_KEY, 0, 0));
        assertThat(none.items()).isEmpty();
        assertThat(none.total()).isEqualTo(want.size());
        Listings.Slice<TaskInstance> past = listings.taskInstances(query, new Listings.Window(TI_KEY, 5, 1000));
        assertThat(past.items()).isEmpty();
        assertThat(past.total()).isEqualTo(want.size());
    }

    private DagRun run(TaskInstance ti) {
        return allRuns.stream().filter(r -> r.dagId().equals(ti.dagId()) && r.runId().equals(ti.runId()))
                .findFirst().orElseThrow();
    }

    @Test
    void runsAreReadByKeyAndLatestFirstPerDag() {
        List<Listings.RunKey> keys = allTis.stream().map(ti -> new Listings.RunKey(ti.dagId(), ti.runId())).toList();
        Map<Listings.RunKey, DagRun> byKey = listings.runs(keys);
        assertThat(byKey).hasSize(allRuns.size());
        allRuns.forEach(run -> assertThat(byKey.get(new Listings.RunKey(run.dagId(), run.runId()))).isEqualTo(run));
        assertThat(listings.runs(List.of())).isEmpty();

        Map<String, List<DagRun>> latest = listings.latestRuns(List.of("a_dag", "C_dag", "unknown"), 2);
        assertThat(latest.keySet()).containsExactlyInAnyOrder("a_dag", "C_dag");
        for (String dagId : List.of("a_dag", "C_dag")) {
            Comparator<DagRun> newest = Comparator.comparing(DagRun::runAfter,
                    Comparator.nullsFirst(Comparator.<Instant>naturalOrder())).thenComparing(DagRun::id).reversed();
            assertThat(latest.get(dagId)).isEqualTo(allRuns.stream().filter(r -> r.dagId().equals(dagId))
                    .sorted(newest).limit(2).toList());
        }

        Listings.Slice<DagRun> page = listings.runs(new ListQuery().in("state", List.of(RunState.QUEUED.value())),
                new Listings.Window(List.of(ListQuery.Sort.nullable("run_after").reversed(),
                        ListQuery.Sort.asc("id")), 5, 2));
        assertThat(page.items()).isEqualTo(allRuns.stream().sorted(Comparator.comparing(DagRun::runAfter,
                        Comparator.nullsFirst(Comparator.<Instant>naturalOrder())).reversed()
                        .thenComparing(DagRun::id)).skip(2).limit(5).toList());
        assertThat(page.total()).isEqualTo(allRuns.size());
    }

    @Test
    void dagsAreFoundByTagsOwnersAndPatterns() {
        dags.upsert(dag("plain", List.of("etl", "daily"), "alice,bob"));
        dags.upsert(dag("quoted", List.of("a\",\"etl", "x%y"), "carol, dave"));
        dags.upsert(dag("Other_Name", List.of(), null));
        Listings.Window byId = new Listings.Window(List.of(ListQuery.Sort.asc("dag_id")), 100, 0);
        Function<ListQuery, List<String>> ids = query -> listings.dags(query, byId).items().stream()
                .map(DagRecord::dagId).toList();

        assertThat(ids.apply(Listings.tagged(new ListQuery(), List.of("etl"), false))).containsExactly("plain");
        assertThat(ids.apply(Listings.tagged(new ListQuery(), List.of("a\",\"etl"), false)))
                .containsExactly("quoted");
        assertThat(ids.apply(Listings.tagged(new ListQuery(), List.of("x%y", "daily"), false)))
                .containsExactly("plain", "quoted");
        assertThat(ids.apply(Listings.tagged(new ListQuery(), List.of("etl", "daily"), true)))
                .containsExactly("plain");
        assertThat(ids.apply(Listings.tagged(new ListQuery(), List.of("etl", "x%y"), true))).isEmpty();
        assertThat(ids.apply(Listings.tagged(new ListQuery(), List.of("x_y"), false))).isEmpty();
        assertThat(ids.apply(Listings.ownedBy(new ListQuery(), List.of("bob", "dave")))).containsExactly("plain",
                "quoted");
        assertThat(ids.apply(Listings.ownedBy(new ListQuery(), List.of("ali")))).isEmpty();
        assertThat(ids.apply(new ListQuery().like("dag_id", "other"))).containsExactly("Other_Name");
        assertThat(ids.apply(new ListQuery().like("COALESCE(dag_display_name, dag_id)", "R_n")))
                .containsExactly("Other_Name");
        assertThat(Stream.of("Other_Name", "plain", "quoted").sorted().toList())
                .isEqualTo(ids.apply(new ListQuery()));
    }

    private static DagRecord dag(String dagId, List<String> tags, String owners) {
        return new DagRecord(dagId, "/dags/" + dagId + ".yml", null, null, false, false, owners, tags, "None",
                16, 16, false, T0, null, null, null, null, "hash");
    }

    private static <T, U extends Comparable<? super U>> Comparator<T> nullsFirst(Function<T, U> key) {
        return Comparator.comparing(key, Comparator.nullsFirst(Comparator.naturalOrder()));
    }
}
