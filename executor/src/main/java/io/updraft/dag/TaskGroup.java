package io.updraft.dag;

/**
 * A task group: ids of its tasks are prefixed {@code groupId.} (nested: {@code outer.inner.task}).
 *
 * @param groupId the full id, prefixed by its parents' ids
 * @param parentGroupId null for a top-level group
 */
public record TaskGroup(String groupId, String parentGroupId, String tooltip) {
}
