package io.updraft.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The simple auth manager's decisions for Airflow's real routes. */
class AccessRulesTest {

    private final AccessRules rules = new AccessRules();

    @ParameterizedTest
    @CsvSource({
            "GET,    /api/v2/monitor/health,                               OPEN",
            "GET,    /api/v2/version,                                      OPEN",
            "GET,    /api/v1/health,                                       OPEN",
            "GET,    /api/v2/dags,                                         VIEWER",
            "PATCH,  /api/v2/dags/etl,                                     USER",
            "POST,   /api/v2/dags/etl/dagRuns,                             USER",
            "POST,   /api/v2/dags/~/dagRuns/list,                          VIEWER",
            "POST,   /api/v1/dags/~/dagRuns/~/taskInstances/list,          VIEWER",
            "POST,   /api/v2/dags/etl/clearTaskInstances,                  USER",
            "GET,    /api/v2/dags/etl/dagRuns/r/taskInstances/t/logs/1,    VIEWER",
            "DELETE, /api/v2/dags/etl,                                     USER",
            "GET,    /api/v2/importErrors,                                 VIEWER",
            "GET,    /api/v2/variables,                                    OP",
            "GET,    /api/v1/connections/c,                                OP",
            "POST,   /api/v2/pools,                                        OP",
            "GET,    /api/v2/pools,                                        VIEWER",
            "GET,    /api/v2/config,                                       VIEWER",
            "POST,   /api/v2/backfills,                                    USER",
            "PUT,    /api/v2/backfills/3/cancel,                           USER",
            "POST,   /api/v2/assets/events,                                OP",
            "GET,    /api/v2/assets/events,                                VIEWER",
            "DELETE, /api/v2/dags/etl/assets/queuedEvents,                 OP",
            "GET,    /api/v2/dags/etl/assets/queuedEvents,                 VIEWER",
            "POST,   /api/v2/somethingNew,                                 ADMIN",
            "GET,    /api/ml/models,                                       VIEWER",
            "GET,    /api/ml/models/phishing_url/monitoring,               VIEWER",
            "POST,   /api/ml/models/phishing_url/predict,                  VIEWER",
            "POST,   /api/ml/models/phishing_url/promote,                  OP",
            "POST,   /api/ml/models/phishing_url/feedback,                 USER",
            "GET,    /api/ml/models/phishing_url/predictions,              VIEWER",
            "POST,   /api/ml/models/phishing_url/rollback,                 OP",
            "DELETE, /api/ml/models/phishing_url,                          ADMIN",
    })
    void requiredRole(String method, String path, String expected) {
        AccessRules.Requirement requirement = rules.requirement(method, path).orElseThrow();

        assertThat(requirement.open() ? "OPEN" : requirement.role().name()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"GET, /", "GET, /auth/token", "GET, /api/v3/dags", "GET, /api/v20/dags"})
    void leavesOtherPathsAlone(String method, String path) {
        assertThat(rules.requirement(method, path)).isEmpty();
    }
}
