-- Indexes for the list endpoints, which filter, order and page in SQL (io.updraft.store.Listings).

-- Airflow's default order of task instances (map_index, then the natural key): a page of ~/dagRuns/~ is read
-- from the index instead of sorting every task instance.
CREATE INDEX task_instance_map_index_key_idx ON task_instance (map_index, dag_id, run_id, task_id);
-- Task instances of one run id across DAGs (~/dagRuns/{run_id}).
CREATE INDEX task_instance_run_id_idx ON task_instance (run_id);
-- The latest runs of a DAG (recent runs of a DAG list page) and runs of a DAG ordered by run_after.
CREATE INDEX dag_run_dag_id_run_after_idx ON dag_run (dag_id, run_after);
