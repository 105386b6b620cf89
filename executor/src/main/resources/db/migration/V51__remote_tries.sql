-- Remote workers. A try of a task whose queue no engine node runs in-process waits here until a worker takes it
-- through the Task Execution API (on any node); the worker's result is written here too, so the node that drives the
-- run learns it even when the worker reported to another node, and a node that takes the run over finds it.
CREATE TABLE remote_try (
    id              VARCHAR(300) NOT NULL,
    queue           VARCHAR(256) NOT NULL,
    priority_weight INT NOT NULL,
    owner_job_id    BIGINT,
    workload        TEXT NOT NULL,
    offered_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    worker          VARCHAR(250),
    hostname        VARCHAR(1000),
    claimed_at      TIMESTAMP WITH TIME ZONE,
    kill_reason     VARCHAR(2000),
    outcome         TEXT,
    ended_at        TIMESTAMP WITH TIME ZONE,
    CONSTRAINT remote_try_pkey PRIMARY KEY (id)
);
CREATE INDEX remote_try_queue_idx ON remote_try (queue, claimed_at);
CREATE INDEX remote_try_owner_idx ON remote_try (owner_job_id);

-- Workers that asked for work, with their last heartbeat: a worker silent for longer than the zombie threshold has
-- its tries failed (and retried per the task's retries), as Airflow's zombie detection does.
CREATE TABLE remote_worker (
    name           VARCHAR(250) NOT NULL,
    hostname       VARCHAR(1000),
    queues         VARCHAR(2000) NOT NULL,
    concurrency    INT NOT NULL,
    running        INT NOT NULL,
    first_seen     TIMESTAMP WITH TIME ZONE NOT NULL,
    last_heartbeat TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT remote_worker_pkey PRIMARY KEY (name)
);
