/**
 * Airflow templating on Jinjava: {@link io.updraft.template.TemplateRenderer}, the task context
 * ({@link io.updraft.template.ContextValues}, {@link io.updraft.template.TemplateContext}), Airflow's date formats
 * and macros, and {@code xcom_pull} ({@link io.updraft.template.XComPuller}).
 */
package io.updraft.template;
