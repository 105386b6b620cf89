"""apache-airflow-client 3.x on /api/v2 with a Bearer token from POST /auth/token, as Airflow 3 users do."""
import json
from datetime import datetime, timezone
import urllib.error
import urllib.request

import pytest
import airflow_client.client as client
from airflow_client.client.api import dag_api, dag_run_api, monitor_api, task_instance_api, version_api
from airflow_client.client.exceptions import ApiException

from common import CONF, DAG_ID, PASSWORD, URL, USER, wait_for


def token(username=USER, password=PASSWORD):
    request = urllib.request.Request(f"{URL}/auth/token", method="POST",
                                     data=json.dumps({"username": username, "password": password}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        assert response.status == 201
        return json.load(response)["access_token"]


@pytest.fixture(scope="module")
def api():
    with client.ApiClient(client.Configuration(host=URL, access_token=token())) as api_client:
        yield api_client


def test_bad_password_gets_no_token():
    with pytest.raises(urllib.error.HTTPError) as refused:
        token(password="wrong")
    assert refused.value.code == 401


def test_health_and_version_need_no_token():
    with client.ApiClient(client.Configuration(host=URL)) as anonymous:
        assert monitor_api.MonitorApi(anonymous).get_health().metadatabase.status == "healthy"
        assert version_api.VersionApi(anonymous).get_version().version.startswith("3.")


def test_dags_need_a_token():
    with client.ApiClient(client.Configuration(host=URL)) as anonymous:
        with pytest.raises(ApiException) as refused:
            dag_api.DAGApi(anonymous).get_dags()
    assert refused.value.status == 401


def test_list_unpause_trigger_and_follow_a_run(api):
    dags = dag_api.DAGApi(api)
    assert DAG_ID in [dag.dag_id for dag in dags.get_dags(limit=100).dags]

    patched = dags.patch_dag(DAG_ID, client.DAGPatchBody(is_paused=False), update_mask=["is_paused"])
    assert patched.is_paused is False

    runs = dag_run_api.DagRunApi(api)
    # the example DAG templates {{ ds }}, which Airflow 3 only defines for runs with a logical date
    run = runs.trigger_dag_run(DAG_ID, client.TriggerDAGRunPostBody(logical_date=datetime.now(timezone.utc), conf=CONF))
    assert run.conf == CONF
    state = wait_for(lambda: str(runs.get_dag_run(DAG_ID, run.dag_run_id).state.value))
    assert state == "success"

    tis = task_instance_api.TaskInstanceApi(api)
    instances = tis.get_task_instances(DAG_ID, run.dag_run_id).task_instances
    assert instances and all(ti.state.value in ("success", "skipped") for ti in instances)

    extract = next(ti for ti in instances if ti.task_id == "extract")
    log = tis.get_log(DAG_ID, run.dag_run_id, "extract", extract.try_number, full_content=True)
    assert "extracting 2 rows" in log.model_dump_json()
