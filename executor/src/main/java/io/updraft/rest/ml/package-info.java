/** {@code /api/ml}: the model registry, promotion and rollback, predictions and monitoring over HTTP. */
package io.updraft.rest.ml;
