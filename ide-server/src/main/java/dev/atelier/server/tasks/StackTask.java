package dev.atelier.server.tasks;

import dev.atelier.stacks.Task;

/**
 * A task of the workspace's stack, as the REST API and the build log panel list it.
 *
 * @param name unique within the stack, used in {@code /tasks/{name}/runs}
 * @param group {@code build}, {@code run} or {@code test}
 * @param command what it runs, for display
 */
public record StackTask(String name, String group, String command) {

  static StackTask of(Task task) {
    String command =
        task.command().shell() != null
            ? task.command().shell()
            : String.join(" ", task.command().argv());
    return new StackTask(task.name(), task.group().id(), command);
  }
}
