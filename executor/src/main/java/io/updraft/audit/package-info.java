/** The audit log, as Airflow's event log: every write through the API, the web UI and the CLI. */
package io.updraft.audit;
