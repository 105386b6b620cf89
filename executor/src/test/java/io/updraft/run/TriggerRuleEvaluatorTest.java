package io.updraft.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.dag.TriggerRule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The test vectors of airflow-semantics.md §2.3 (taken from Airflow's test_trigger_rule_dep.py or derived from its
 * code). Vectors 16-17 (wait_for_past_depends_before_skipping) and 35 (an unknown rule: the loader rejects those as
 * import errors) have no counterpart here. US/SS/SKS are the setup-task counts of the all_done_setup_success rows.
 */
class TriggerRuleEvaluatorTest {

    @ParameterizedTest(name = "#{0} {1} U={2} S={3} SK={4} F={5} UF={6} R={7} D={8} -> {13}/{14}/{15}")
    @CsvSource(delimiter = '|', textBlock = """
            1  | all_success                 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | -1 | -               | PASS | RUN
            2  | always                      | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | -1 | -               | PASS | RUN
            3  | one_success                 | 0 | 1 | 2 | 3 | 2 | 0 | 2 | 0 | 0 | 0 | -1 | skipped         | PASS | skipped
            4  | one_success                 | 0 | 0 | 1 | 1 | 1 | 1 | 4 | 0 | 0 | 0 | -1 | upstream_failed | FAIL | upstream_failed
            5  | one_success                 | 0 | 0 | 2 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | -1 | skipped         | FAIL | skipped
            6  | one_failed                  | 0 | 2 | 0 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | -1 | skipped         | FAIL | skipped
            7  | one_failed                  | 0 | 0 | 2 | 2 | 0 | 0 | 2 | 0 | 0 | 0 | -1 | -               | PASS | RUN
            8  | one_failed                  | 0 | 0 | 2 | 0 | 2 | 0 | 2 | 0 | 0 | 0 | -1 | -               | PASS | RUN
            9  | one_done                    | 0 | 2 | 0 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | -1 | -               | PASS | RUN
            10 | one_done                    | 0 | 0 | 0 | 2 | 0 | 0 | 2 | 0 | 0 | 0 | -1 | -               | PASS | RUN
            11 | one_done                    | 0 | 0 | 2 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | -1 | skipped         | FAIL | skipped
            12 | one_done                    | 0 | 0 | 0 | 0 | 2 | 0 | 2 | 0 | 0 | 0 | -1 | skipped         | FAIL | skipped
            13 | all_success                 | 1 | 1 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | -1 | -               | PASS | RUN
            14 | all_success                 | 2 | 1 | 0 | 1 | 0 | 0 | 2 | 0 | 0 | 0 | -1 | upstream_failed | FAIL | upstream_failed
            15 | all_success                 | 2 | 1 | 1 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | -1 | skipped         | FAIL | skipped
            18 | none_failed                 | 2 | 1 | 1 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | -1 | -               | PASS | RUN
            19 | none_failed                 | 3 | 1 | 1 | 1 | 0 | 0 | 3 | 0 | 0 | 0 | -1 | upstream_failed | FAIL | upstream_failed
            20 | none_failed                 | 3 | 1 | 1 | 0 | 1 | 0 | 3 | 0 | 0 | 0 | -1 | upstream_failed | FAIL | upstream_failed
            21 | none_failed_min_one_success | 2 | 1 | 1 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | -1 | -               | PASS | RUN
            22 | none_failed_min_one_success | 2 | 0 | 2 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | -1 | skipped         | PASS | skipped
            23 | none_failed_min_one_success | 3 | 1 | 1 | 1 | 0 | 0 | 3 | 0 | 0 | 0 | -1 | upstream_failed | FAIL | upstream_failed
            24 | none_failed_min_one_success | 3 | 1 | 1 | 0 | 1 | 0 | 3 | 0 | 0 | 0 | -1 | upstream_failed | FAIL | upstream_failed
            25 | all_failed                  | 2 | 0 | 0 | 2 | 0 | 0 | 2 | 0 | 0 | 0 | -1 | -               | PASS | RUN
            26 | all_failed                  | 2 | 2 | 0 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | -1 | skipped         | FAIL | skipped
            27 | all_done                    | 2 | 2 | 0 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | -1 | -               | PASS | RUN
            28 | all_done                    | 2 | 1 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | -1 | -               | FAIL | WAIT
            29 | all_skipped                 | 1 | 1 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | -1 | skipped         | FAIL | skipped
            30 | all_skipped                 | 1 | 0 | 0 | 0 | 1 | 0 | 1 | 0 | 0 | 0 | -1 | skipped         | FAIL | skipped
            31 | all_skipped                 | 3 | 0 | 3 | 0 | 0 | 0 | 3 | 0 | 0 | 0 | -1 | -               | PASS | RUN
            32 | none_skipped                | 3 | 2 | 0 | 1 | 0 | 0 | 3 | 0 | 0 | 0 | -1 | -               | PASS | RUN
            33 | none_skipped                | 2 | 1 | 1 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | -1 | skipped         | FAIL | skipped
            34 | none_skipped                | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | -1 | -               | FAIL | WAIT
            36 | all_success                 | 5 | 3 | 0 | 0 | 0 | 2 | 5 | 0 | 0 | 0 |  3 | removed         | PASS | removed
            37 | all_success                 | 5 | 3 | 0 | 0 | 0 | 2 | 5 | 0 | 0 | 0 |  2 | -               | PASS | RUN
            38 | all_failed                  | 5 | 0 | 0 | 3 | 0 | 2 | 5 | 0 | 0 | 0 |  3 | -               | PASS | RUN
            39 | none_failed                 | 5 | 3 | 0 | 0 | 0 | 2 | 5 | 0 | 0 | 0 |  3 | -               | PASS | RUN
            39 | none_failed_min_one_success | 5 | 3 | 0 | 0 | 0 | 2 | 5 | 0 | 0 | 0 |  3 | -               | PASS | RUN
            40 | all_done_setup_success      | 2 | 2 | 0 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | -1 | -               | PASS | RUN
            41 | all_done_setup_success      | 3 | 2 | 0 | 0 | 0 | 0 | 2 | 1 | 0 | 0 | -1 | -               | FAIL | WAIT
            42 | all_done_setup_success      | 3 | 2 | 0 | 0 | 0 | 0 | 3 | 1 | 0 | 0 | -1 | upstream_failed | FAIL | upstream_failed
            43 | all_done_setup_success      | 4 | 2 | 0 | 0 | 0 | 0 | 4 | 2 | 1 | 0 | -1 | -               | PASS | RUN
            44 | all_done_setup_success      | 4 | 2 | 0 | 0 | 0 | 0 | 3 | 2 | 1 | 0 | -1 | -               | FAIL | WAIT
            45 | all_done_setup_success      | 3 | 2 | 0 | 1 | 0 | 0 | 3 | 1 | 0 | 0 | -1 | upstream_failed | FAIL | upstream_failed
            46 | all_done_setup_success      | 4 | 2 | 0 | 1 | 0 | 0 | 4 | 2 | 0 | 1 | -1 | upstream_failed | FAIL | upstream_failed
            47 | all_done_setup_success      | 4 | 2 | 0 | 0 | 0 | 0 | 4 | 2 | 0 | 2 | -1 | skipped         | FAIL | skipped
            48 | all_done_setup_success      | 3 | 3 | 0 | 0 | 0 | 0 | 3 | 1 | 1 | 0 | -1 | -               | PASS | RUN
            49 | all_done_setup_success      | 3 | 1 | 0 | 0 | 0 | 0 | 3 | 1 | 1 | 0 | -1 | -               | PASS | RUN
            50 | all_done_setup_success      | 3 | 2 | 0 | 0 | 0 | 0 | 3 | 1 | 0 | 1 | -1 | skipped         | FAIL | skipped
            51 | all_success                 | 3 | 1 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | -1 | -               | FAIL | WAIT
            52 | all_success                 | 3 | 0 | 0 | 1 | 0 | 0 | 1 | 0 | 0 | 0 | -1 | upstream_failed | FAIL | upstream_failed
            53 | all_success                 | 2 | 0 | 1 | 1 | 0 | 0 | 2 | 0 | 0 | 0 | -1 | upstream_failed | FAIL | upstream_failed
            54 | all_success                 | 3 | 3 | 0 | 0 | 0 | 0 | 3 | 0 | 0 | 0 | -1 | -               | PASS | RUN
            55 | all_failed                  | 2 | 0 | 0 | 1 | 1 | 0 | 2 | 0 | 0 | 0 | -1 | -               | PASS | RUN
            56 | all_failed                  | 2 | 0 | 0 | 1 | 0 | 0 | 1 | 0 | 0 | 0 | -1 | -               | FAIL | WAIT
            57 | all_done                    | 2 | 0 | 2 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | -1 | -               | PASS | RUN
            58 | all_done                    | 2 | 0 | 0 | 0 | 2 | 0 | 2 | 0 | 0 | 0 | -1 | -               | PASS | RUN
            59 | one_success                 | 3 | 1 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | -1 | -               | PASS | RUN
            60 | one_success                 | 2 | 0 | 1 | 1 | 0 | 0 | 2 | 0 | 0 | 0 | -1 | upstream_failed | FAIL | upstream_failed
            61 | one_success                 | 2 | 0 | 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | -1 | -               | FAIL | WAIT
            62 | one_failed                  | 3 | 0 | 0 | 1 | 0 | 0 | 1 | 0 | 0 | 0 | -1 | -               | PASS | RUN
            63 | one_failed                  | 2 | 1 | 1 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | -1 | skipped         | FAIL | skipped
            64 | one_done                    | 2 | 0 | 1 | 0 | 1 | 0 | 2 | 0 | 0 | 0 | -1 | skipped         | FAIL | skipped
            65 | none_failed                 | 2 | 0 | 2 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | -1 | -               | PASS | RUN
            66 | none_failed_min_one_success | 3 | 0 | 2 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | -1 | -               | FAIL | WAIT
            67 | none_failed_min_one_success | 3 | 1 | 2 | 0 | 0 | 0 | 3 | 0 | 0 | 0 | -1 | -               | PASS | RUN
            68 | none_skipped                | 2 | 0 | 0 | 1 | 1 | 0 | 2 | 0 | 0 | 0 | -1 | -               | PASS | RUN
            69 | none_skipped                | 3 | 1 | 1 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | -1 | skipped         | FAIL | skipped
            70 | all_skipped                 | 2 | 0 | 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | -1 | -               | FAIL | WAIT
            71 | all_done_min_one_success    | 3 | 1 | 0 | 2 | 0 | 0 | 3 | 0 | 0 | 0 | -1 | -               | PASS | RUN
            72 | all_done_min_one_success    | 2 | 0 | 0 | 1 | 1 | 0 | 2 | 0 | 0 | 0 | -1 | upstream_failed | FAIL | upstream_failed
            73 | all_done_min_one_success    | 2 | 1 | 1 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | -1 | skipped         | FAIL | skipped
            74 | all_done_min_one_success    | 3 | 1 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | -1 | -               | FAIL | WAIT
            """)
    void followsAirflowsVectors(int vector, String rule, int u, int s, int sk, int f, int uf, int r, int d,
                                int setups, int setupSuccesses, int setupSkipped, int mapIndex,
                                String newState, String dep, String outcome) {
        UpstreamCounts counts = new UpstreamCounts(u, s, sk, f, uf, r, d, setups, setupSuccesses, setupSkipped);
        boolean hasUpstream = vector != 1;

        TriggerRuleEvaluator.Decision decision = TriggerRuleEvaluator.evaluate(
                TriggerRule.parse(rule).orElseThrow(), hasUpstream, counts, mapIndex);

        assertThat(decision.newState()).isEqualTo(newState.equals("-") ? null : TaskState.of(newState));
        assertThat(decision.passed()).isEqualTo(dep.equals("PASS"));
        String expectedOutcome = decision.runs() ? "RUN" : decision.newState() == null ? "WAIT"
                : decision.newState().value();
        assertThat(expectedOutcome).isEqualTo(outcome);
        if (!decision.passed()) {
            assertThat(decision.reason()).startsWith("Task's trigger rule '" + rule + "' requires");
        }
    }

    @ParameterizedTest
    @CsvSource({"all_success,2,1,0,1,0,0,2,1", "none_failed,3,1,1,1,0,0,3,1", "all_failed,2,2,0,0,0,0,2,2"})
    void failureReasonCountsTheOffendingUpstreams(String rule, int u, int s, int sk, int f, int uf, int r, int d,
                                                   int found) {
        TriggerRuleEvaluator.Decision decision = TriggerRuleEvaluator.evaluate(
                TriggerRule.parse(rule).orElseThrow(), true, UpstreamCounts.of(u, s, sk, f, uf, r, d), -1);

        assertThat(decision.reason()).contains("but found " + found + " non-");
    }
}
