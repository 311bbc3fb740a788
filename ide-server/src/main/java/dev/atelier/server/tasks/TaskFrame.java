package dev.atelier.server.tasks;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A frame of {@code /tasks/{workspaceId}}: {@code started} (runId, task, at), {@code output}
 * (runId, data: raw text with ANSI escapes), {@code exited} (runId, exitCode, durationMs, stopped).
 * Absent members are omitted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TaskFrame(
    String type,
    String runId,
    String task,
    Instant at,
    String data,
    Integer exitCode,
    Long durationMs,
    Boolean stopped) {

  static TaskFrame started(TaskRun run) {
    return new TaskFrame(
        "started", run.runId(), run.task(), run.startedAt(), null, null, null, null);
  }

  static TaskFrame output(String runId, String data) {
    return new TaskFrame("output", runId, null, null, data, null, null, null);
  }

  static TaskFrame exited(TaskRun run) {
    return new TaskFrame(
        "exited",
        run.runId(),
        run.task(),
        null,
        null,
        run.exitCode(),
        run.durationMs(),
        run.stopped());
  }
}
