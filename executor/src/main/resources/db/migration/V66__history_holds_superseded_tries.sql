-- task_instance_history holds only the tries a new one replaced (Airflow's record_ti, issue 10): before, every
-- finished try was recorded, the current one too. Drop those copies of current tries so /tries lists each once.
DELETE FROM task_instance_history AS h
WHERE EXISTS (SELECT 1 FROM task_instance t
              WHERE t.dag_id = h.dag_id AND t.run_id = h.run_id AND t.task_id = h.task_id
                AND t.map_index = h.map_index AND t.try_number = h.try_number AND t.state = h.state);
