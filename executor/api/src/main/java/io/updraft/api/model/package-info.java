/**
 * The model registry a host offers to plugins ({@link io.updraft.api.model.ModelRegistry}, reached through
 * {@link io.updraft.api.TaskContext#service(Class)}), and the model-format SPI ({@link io.updraft.api.model.ModelFormat})
 * by which plugins let the host load and serve the model files they write. Plain records and interfaces, no
 * dependencies, so the host never compiles against an ML library and plugins never against the host.
 */
package io.updraft.api.model;
