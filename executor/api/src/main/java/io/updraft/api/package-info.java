/**
 * The operator plugin contract. A plugin implements {@link io.updraft.api.OperatorProvider} and
 * {@link io.updraft.api.Operator}, and sees the system only through {@link io.updraft.api.TaskContext}.
 */
package io.updraft.api;
