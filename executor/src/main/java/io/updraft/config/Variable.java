package io.updraft.config;

/** An Airflow Variable: a key with a string value (JSON when used through {@code var.json}). */
public record Variable(String key, String value, String description) {
}
