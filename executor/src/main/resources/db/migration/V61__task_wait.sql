-- A sensor's wait within one try (up_for_reschedule or deferred): Airflow keeps it in task_reschedule and
-- trigger / task_instance.next_kwargs; here one row per task instance, gone with the instance.
CREATE TABLE task_wait (
    ti_id        VARCHAR(36) NOT NULL,
    dag_id       VARCHAR(250) NOT NULL,
    run_id       VARCHAR(250) NOT NULL,
    task_id      VARCHAR(250) NOT NULL,
    map_index    INTEGER NOT NULL,
    try_number   INTEGER NOT NULL,
    first_start  TIMESTAMP WITH TIME ZONE,
    resume_at    TIMESTAMP WITH TIME ZONE,
    trigger_json TEXT,
    event_json   TEXT,
    CONSTRAINT task_wait_pkey PRIMARY KEY (ti_id),
    CONSTRAINT task_wait_ti_fkey FOREIGN KEY (ti_id) REFERENCES task_instance (id) ON DELETE CASCADE
);
CREATE INDEX task_wait_run_idx ON task_wait (dag_id, run_id);
