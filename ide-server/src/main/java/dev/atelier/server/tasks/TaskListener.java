package dev.atelier.server.tasks;

/**
 * Follows the runs of one workspace. Calls arrive in order, on the runner's threads, under the
 * workspace's lock: implementations must not block (queue or hand off instead).
 */
public interface TaskListener {

  void started(TaskRun run);

  /** A piece of a run's output: text with ANSI escapes, split anywhere. */
  void output(String runId, String data);

  void exited(TaskRun run);
}
