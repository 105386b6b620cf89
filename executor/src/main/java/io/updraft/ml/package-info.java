/**
 * Models in service: {@link io.updraft.ml.ModelServing} answers predictions with each model's champion and logs
 * them through {@link io.updraft.ml.PredictionLog}. The registry is the {@link io.updraft.ml.ModelStore} interface
 * (with {@link io.updraft.ml.PredictionAudit}); its Jdbi implementation, SQL and artifact copies are in {@code
 * io.updraft.store} ({@code JdbiModelRegistry}).
 */
package io.updraft.ml;
