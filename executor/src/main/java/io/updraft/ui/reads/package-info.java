/**
 * What the web UI reads from the store ({@link io.updraft.ui.reads.UiReads}) and its rows: imports nothing of the
 * project, so the store implements it ({@code store/JdbiUiReads}) without depending on the web edge.
 */
package io.updraft.ui.reads;
