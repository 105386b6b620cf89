"""apache-airflow-client 2.x on /api/v1 with HTTP Basic, as Airflow 2 users with the basic_auth backend do."""
import pytest
import airflow_client.client as client
from airflow_client.client.api import dag_api, dag_run_api, monitoring_api, task_instance_api
from airflow_client.client.exceptions import ApiException
from airflow_client.client.model.dag import DAG
from airflow_client.client.model.dag_run import DAGRun

from common import CONF, DAG_ID, PASSWORD, URL, USER, wait_for


@pytest.fixture(scope="module")
def api():
    configuration = client.Configuration(host=f"{URL}/api/v1", username=USER, password=PASSWORD)
    with client.ApiClient(configuration) as api_client:
        yield api_client


def test_health_needs_no_credentials():
    with client.ApiClient(client.Configuration(host=f"{URL}/api/v1")) as anonymous:
        # the 2.x client wraps the status in a HealthStatus model
        assert str(monitoring_api.MonitoringApi(anonymous).get_health().metadatabase.status) == "healthy"


def test_wrong_password_is_refused():
    configuration = client.Configuration(host=f"{URL}/api/v1", username=USER, password="wrong")
    with client.ApiClient(configuration) as api_client:
        with pytest.raises(ApiException) as refused:
            dag_api.DAGApi(api_client).get_dags()
    assert refused.value.status == 401


def test_list_unpause_trigger_and_follow_a_run(api):
    dags = dag_api.DAGApi(api)
    assert DAG_ID in [dag.dag_id for dag in dags.get_dags(limit=100).dags]

    patched = dags.patch_dag(DAG_ID, DAG(is_paused=False), update_mask=["is_paused"])
    assert patched.is_paused is False

    runs = dag_run_api.DAGRunApi(api)
    run = runs.post_dag_run(DAG_ID, DAGRun(conf=CONF))
    assert run.conf == CONF
    state = wait_for(lambda: str(runs.get_dag_run(DAG_ID, run.dag_run_id).state.value))
    assert state == "success"

    tis = task_instance_api.TaskInstanceApi(api)
    instances = tis.get_task_instances(DAG_ID, run.dag_run_id).task_instances
    assert instances and all(str(ti.state.value) in ("success", "skipped") for ti in instances)

    extract = next(ti for ti in instances if ti.task_id == "extract")
    log = tis.get_log(DAG_ID, run.dag_run_id, "extract", extract.try_number, full_content=True)
    assert "extracting 2 rows" in str(log.content)
