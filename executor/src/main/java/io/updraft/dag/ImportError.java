package io.updraft.dag;

/**
 * A problem that kept a DAG (or a whole file) from loading, as Airflow reports it.
 *
 * @param filename absolute path of the DAG file
 * @param line 1-based line of the offending key or YAML token; null when unknown
 * @param column 1-based column; null when unknown
 * @param message what is wrong, naming the DAG, task and key concerned
 */
public record ImportError(String filename, Integer line, Integer column, String message) {

    /** The error as one line of text, {@code file:line:column: message}, like a compiler diagnostic. */
    public String stackTrace() {
        StringBuilder text = new StringBuilder(filename);
        if (line != null) {
            text.append(':').append(line);
            if (column != null) {
                text.append(':').append(column);
            }
        }
        return text.append(": ").append(message).toString();
    }
}
