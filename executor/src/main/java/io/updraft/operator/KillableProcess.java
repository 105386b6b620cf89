package io.updraft.operator;

/** A task's running process that another thread may end, with everything it started. */
interface KillableProcess {

    /** Ends the process and its children; returns at once. */
    void kill();
}
