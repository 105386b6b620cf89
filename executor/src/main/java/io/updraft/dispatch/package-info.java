/**
 * Remote workers, the node's side: tries of tasks on queues this node does not run in-process wait in the
 * {@link io.updraft.dispatch.RemoteTryStore} (table {@code remote_try}, implemented in {@code io.updraft.store})
 * until a worker takes one through the Task Execution API ({@code /execution/}); results, heartbeats and logs come
 * back the same way. See {@code io.updraft.worker} for the worker process.
 */
package io.updraft.dispatch;
