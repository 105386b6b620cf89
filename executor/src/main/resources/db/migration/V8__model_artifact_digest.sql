-- The registry keeps its own copy of each model artifact (UPDRAFT_HOME/ml/registry/<name>/<sha256>/): its digest,
-- checked before serving, and where it was copied from; and the feature artifact a model was trained on.
ALTER TABLE ml_model_version ADD COLUMN artifact_sha256 VARCHAR(64);
ALTER TABLE ml_model_version ADD COLUMN source_path VARCHAR(2000);
ALTER TABLE ml_model_version ADD COLUMN features_sha256 VARCHAR(64);
