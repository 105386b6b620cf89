-- Airflow's task_instance.rendered_map_index: what map_index_template rendered to after the try ran (issue 17.4)
ALTER TABLE task_instance ADD COLUMN rendered_map_index VARCHAR(250);
ALTER TABLE task_instance_history ADD COLUMN rendered_map_index VARCHAR(250);
