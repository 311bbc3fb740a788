/**
 * Tasks and the build log: runs the stack's build/run/test tasks inside the workspace, streams
 * their output to {@code /tasks/{workspaceId}} subscribers, keeps the last runs (bounded) for
 * replay, and feeds the output through the problem matchers into {@link
 * dev.atelier.server.problems.WorkspaceProblems}.
 */
package dev.atelier.server.tasks;
