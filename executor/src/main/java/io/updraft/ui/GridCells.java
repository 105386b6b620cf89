package io.updraft.ui;

import io.updraft.rest.Dates;
import io.updraft.ui.reads.UiReads.TaskRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The grid's cells: one per run and task, a mapped task's instances folded into one cell with counts per state. */
final class GridCells {

    /** Most task states shown in a mapped task's grid cell come first. */
    private static final List<String> STATE_ORDER = List.of("failed", "upstream_failed", "up_for_retry",
            "up_for_reschedule", "running", "restarting", "deferred", "queued", "scheduled", "none", "skipped",
            "removed", "success");
    private GridCells() {
    }

    /** run id → task id → cell; several map indexes make one cell with a count per state. */
    static Map<String, Map<String, Map<String, Object>>> of(List<TaskRow> instances) {
        Map<String, Map<String, List<TaskRow>>> grouped = new LinkedHashMap<>();
        for (TaskRow ti : instances) {
            grouped.computeIfAbsent(ti.runId(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(ti.taskId(), k -> new ArrayList<>()).add(ti);
        }
        Map<String, Map<String, Map<String, Object>>> cells = new LinkedHashMap<>();
        grouped.forEach((runId, tasks) -> {
            Map<String, Map<String, Object>> row = new LinkedHashMap<>();
            tasks.forEach((taskId, tis) -> row.put(taskId, cell(tis)));
            cells.put(runId, row);
        });
        return cells;
    }

    private static Map<String, Object> cell(List<TaskRow> tis) {
        Map<String, Object> cell = new LinkedHashMap<>();
        if (tis.size() == 1 && tis.get(0).mapIndex() < 0) {
            TaskRow ti = tis.get(0);
            cell.put("state", ti.state());
            cell.put("try_number", ti.tryNumber());
            cell.put("start_date", Dates.iso(ti.startDate()));
            cell.put("end_date", Dates.iso(ti.endDate()));
            cell.put("duration", Dates.seconds(ti.startDate(), ti.endDate()));
            return cell;
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        Instant start = null;
        Instant end = null;
        for (TaskRow ti : tis) {
            counts.merge(ti.state() == null ? "none" : ti.state(), 1, Integer::sum);
            if (ti.startDate() != null && (start == null || ti.startDate().isBefore(start))) {
                start = ti.startDate();
            }
            if (ti.endDate() != null && (end == null || ti.endDate().isAfter(end))) {
                end = ti.endDate();
            }
        }
        String state = STATE_ORDER.stream().filter(counts::containsKey).findFirst().orElse("none");
        cell.put("state", state.equals("none") ? null : state);
        cell.put("mapped", tis.size());
        cell.put("states", counts);
        cell.put("start_date", Dates.iso(start));
        cell.put("end_date", Dates.iso(end));
        cell.put("duration", Dates.seconds(start, end));
        return cell;
    }
}
