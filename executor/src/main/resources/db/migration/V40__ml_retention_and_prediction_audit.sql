-- MLOps round 2 (io.updraft.ml): when the retention policy deleted a version's registry copy; the prediction log
-- for audit and late labels: an id given to the caller, the SHA-256 of the URL (the URL itself only when
-- updraft.ml.log-inputs allows), and the true label fed back later with its time.
ALTER TABLE ml_model_version ADD COLUMN artifact_pruned_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE ml_prediction ADD COLUMN prediction_id VARCHAR(36);
ALTER TABLE ml_prediction ADD COLUMN input_sha256 VARCHAR(64);
ALTER TABLE ml_prediction ADD COLUMN input_text VARCHAR(8192);
ALTER TABLE ml_prediction ADD COLUMN true_label SMALLINT;
ALTER TABLE ml_prediction ADD COLUMN labelled_at TIMESTAMP WITH TIME ZONE;
CREATE UNIQUE INDEX ml_prediction_id_idx ON ml_prediction (prediction_id);
CREATE INDEX ml_prediction_version_time_idx ON ml_prediction (model_name, model_version, predicted_at);
-- room for the monitoring state insufficient_data
ALTER TABLE ml_monitoring ALTER COLUMN state SET DATA TYPE VARCHAR(20);
