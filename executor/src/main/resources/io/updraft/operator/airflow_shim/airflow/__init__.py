"""Stand-in for Apache Airflow, put on sys.path by Updraft's Python runner only when Airflow is not installed,
so task code importing Airflow's exceptions runs unchanged."""
