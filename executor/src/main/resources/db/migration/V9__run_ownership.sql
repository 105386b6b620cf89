-- Several engine nodes on one database. A DAG's scheduler-driven runs are decided by one node at a time, the holder
-- of the DAG's lease (so max_active_runs and max_active_tasks hold in that node's memory); each run names the node
-- that drives it. A lease and a run's ownership last while the holder's job heartbeats: another node takes them over
-- once the job is ended or silent for longer than the lease timeout.
ALTER TABLE dag_run ADD COLUMN owner_job_id BIGINT;
CREATE INDEX dag_run_state_owner_idx ON dag_run (state, owner_job_id);

CREATE TABLE dag_lease (
    dag_id       VARCHAR(250) NOT NULL,
    owner_job_id BIGINT NOT NULL,
    acquired_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT dag_lease_pkey PRIMARY KEY (dag_id)
);
