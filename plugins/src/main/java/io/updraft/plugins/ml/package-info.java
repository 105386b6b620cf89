/**
 * Task plugins for a phishing-URL detection pipeline: the computational core, usable without the engine, and the
 * operators over it (ingest, validate data, extract features, train, validate model, register, monitor).
 *
 * <h2>Core</h2>
 * <ul>
 *   <li>{@link io.updraft.plugins.ml.UrlFeatures}: lexical features of the raw URL string plus hashed character
 *       n-grams and tokens; {@link io.updraft.plugins.ml.UrlFeatureBenchmark} measures its throughput.</li>
 *   <li>{@link io.updraft.plugins.ml.DatasetSnapshot}: RFC 4180 reading (Commons CSV), the canonical snapshot named
 *       by its SHA-256 (the data version), the seeded stratified train/test split.</li>
 *   <li>{@link io.updraft.plugins.ml.FeatureMatrix}: the features of a snapshot's rows, sparse, in a content-hashed
 *       file that training and validation read; built with the same sparsification step as serving.</li>
 *   <li>{@link io.updraft.plugins.ml.DataValidation}: schema, URLs, labels, duplicates, split leakage, class
 *       balance, constant columns, PSI and Kolmogorov–Smirnov drift against a reference snapshot.</li>
 *   <li>{@link io.updraft.plugins.ml.ModelTraining} and {@link io.updraft.plugins.ml.ModelArtifacts}: Tribuo XGBoost
 *       and logistic regression, model file, provenance JSON, training record.</li>
 *   <li>{@link io.updraft.plugins.ml.ModelEvaluation}, {@link io.updraft.plugins.ml.BinaryMetrics} and
 *       {@link io.updraft.plugins.ml.PromotionGate}: metrics with bootstrap intervals, McNemar's test, paired AUC
 *       bootstrap, the champion/challenger decision.</li>
 * </ul>
 *
 * <h2>Operators</h2>
 * Artifacts live under {@code UPDRAFT_HOME/ml}: {@code snapshots/<sha256>.csv} and {@code snapshots/accepted.json},
 * {@code reports/<sha256>/validation-*.json}, {@code features/<sha256>/<artifact sha256>.features},
 * {@code models/<dag>/<run>/<task>/} and {@code evaluations/<dag>/<run>/<task>/evaluation.json}; the host's registry
 * keeps its own copies of registered models under {@code registry/<name>/<digest>/}.
 * <pre>
 * ingest:
 *   operator: updraft.ml.IngestUrls
 *   source: dag-specs/data/phishing-urls/phishing-urls.csv
 * validate_data:
 *   operator: updraft.ml.ValidateData
 *   snapshot_task: ingest          # or snapshot: &lt;sha256 or path&gt;
 *   seed: 42
 *   test_fraction: 0.2
 *   max_psi: 0.25
 * extract_features:
 *   operator: updraft.ml.ExtractUrlFeatures
 *   snapshot_task: ingest
 *   hash_buckets: 256
 * train_xgboost:
 *   operator: updraft.ml.TrainModel
 *   algorithm: xgboost             # or logistic_regression
 *   features_task: extract_features # or snapshot_task: ingest (features extracted in the task)
 *   seed: 42
 *   hyperparameters: {trees: 300}
 * validate_model:
 *   operator: updraft.ml.ValidateModel
 *   model_tasks: [train_xgboost, train_logistic_regression]
 *   features_task: extract_features
 *   champion: ""                   # a model folder once there is a champion
 *   min_auc: 0.97
 *   min_accuracy: 0.92
 *   alpha: 0.05
 * </pre>
 * Every task uses the same {@code seed} and {@code test_fraction}, so they all see the same split; TrainModel
 * and ExtractUrlFeatures refuse a snapshot without a passed validation report for that split.
 */
package io.updraft.plugins.ml;
