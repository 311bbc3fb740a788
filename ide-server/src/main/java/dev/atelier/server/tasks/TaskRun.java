package dev.atelier.server.tasks;

import java.time.Instant;

/**
 * One run of a task.
 *
 * @param runId unique on this server
 * @param task the task's name
 * @param startedAt when it started
 * @param running whether it still runs
 * @param exitCode its exit code once it ended, else {@code null}
 * @param durationMs how long it ran, once it ended, else {@code null}
 * @param stopped whether a user stopped it
 */
public record TaskRun(
    String runId,
    String task,
    Instant startedAt,
    boolean running,
    Integer exitCode,
    Long durationMs,
    boolean stopped) {}
