package io.updraft.run;

import java.util.Map;

/**
 * An engine's figures for monitoring, as of its latest step (refreshed at most once a second).
 *
 * @param steps decision steps taken
 * @param commits transactions committed (steps that changed something)
 * @param triesStarted tries started in this process
 * @param triesRunning tries running in this process now
 * @param scheduledByQueue task instances scheduled and waiting for a slot, by queue
 * @param poolSlotsUsed slots this engine's queued and running tries take, by pool
 */
public record EngineStats(long steps, long commits, long triesStarted, int triesRunning,
                          Map<String, Integer> scheduledByQueue, Map<String, Integer> poolSlotsUsed) {

    public static final EngineStats NONE = new EngineStats(0, 0, 0, 0, Map.of(), Map.of());
}
