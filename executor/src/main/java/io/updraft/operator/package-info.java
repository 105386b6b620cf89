/**
 * Running tasks: {@link io.updraft.operator.OperatorRegistry} (every operator, found through ServiceLoader),
 * {@link io.updraft.operator.OperatorTaskRunner} (one try: templates, operator, log, outcome; callbacks) and the
 * built-in Airflow operators (Empty, Bash, Python and TaskFlow, Http). Python code runs in a {@code python3}
 * subprocess through a runner script shipped in this package's resources.
 */
package io.updraft.operator;
