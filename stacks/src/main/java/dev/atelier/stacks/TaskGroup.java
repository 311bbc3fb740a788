package dev.atelier.stacks;

/** The group a task belongs to, as in VS Code's tasks.json. */
public enum TaskGroup {
  BUILD,
  RUN,
  TEST
}
