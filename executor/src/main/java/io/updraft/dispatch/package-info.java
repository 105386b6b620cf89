/**
 * Remote workers, the node's side: tries of tasks on queues this node does not run in-process wait in the
 * {@code remote_try} table until a worker takes one through the Task Execution API ({@code /execution/}); results,
 * heartbeats and logs come back the same way. See {@code io.updraft.worker} for the worker process.
 */
package io.updraft.dispatch;
