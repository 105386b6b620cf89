/**
 * The remote worker process ({@code updraft worker}): takes tries from an engine node's Task Execution API, runs them
 * with the operators on its own class path and the DAGs in its own DAGs folder, streams their logs back and reports
 * how they ended. It talks HTTP(S) only, never to the database.
 */
package io.updraft.worker;
