package io.updraft.listing;

/**
 * Which asset events a list shows (null: no criterion): the asset, the task instance that emitted them, when,
 * and the asset's name pattern and prefix.
 */
public record AssetEventFilter(Integer assetId, String sourceDagId, String sourceTaskId, String sourceRunId,
                               Integer sourceMapIndex, TimeRange timestamp, String namePattern,
                               String namePrefix) {
}
