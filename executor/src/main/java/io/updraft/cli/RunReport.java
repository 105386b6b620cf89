package io.updraft.cli;

import io.updraft.json.Json;
import io.updraft.run.DagRun;
import io.updraft.run.RunReads;
import io.updraft.run.TaskInstance;
import io.updraft.run.XCom;
import io.updraft.run.XComs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A finished run as the differential suite reads it: the same fields its Airflow side writes. */
final class RunReport {

    private RunReport() {
    }

    static void write(Path file, RunReads runs, DagRun run, List<TaskInstance> instances) throws IOException {
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (TaskInstance ti : instances) {
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("task_id", ti.taskId());
            task.put("map_index", ti.mapIndex());
            task.put("state", ti.state() == null ? null : ti.state().value());
            task.put("try_number", ti.tryNumber());
            boolean pushed = false;
            for (XCom xcom : runs.xcoms(run.dagId(), run.runId(), ti.taskId())) {
                if (xcom.mapIndex() == ti.mapIndex() && xcom.key().equals("return_value")) {
                    task.put("return_value", XComs.value(xcom));
                    pushed = true;
                }
            }
            task.put("has_return_value", pushed);
            tasks.add(task);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("dag_id", run.dagId());
        report.put("run_id", run.runId());
        report.put("state", run.state().value());
        report.put("tasks", tasks);
        Files.writeString(file, Json.write(report));
    }
}
