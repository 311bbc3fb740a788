package dev.atelier.server.tasks;

import dev.atelier.server.account.AccountService;
import dev.atelier.server.workspace.WorkspaceAccess;
import dev.atelier.server.workspace.WorkspaceRole;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/workspaces/{id}/tasks} and {@code .../runs}, documented in {@code docs/api.md}. */
@RestController
@RequestMapping("/api/workspaces/{workspaceId}")
class TaskController {

  private final TaskRunner runner;
  private final WorkspaceAccess access;
  private final AccountService accounts;

  TaskController(TaskRunner runner, WorkspaceAccess access, AccountService accounts) {
    this.runner = runner;
    this.access = access;
    this.accounts = accounts;
  }

  @GetMapping("/tasks")
  List<StackTask> tasks(@PathVariable String workspaceId) {
    require(workspaceId, WorkspaceRole.READ);
    return runner.tasks(workspaceId);
  }

  @GetMapping("/runs")
  List<TaskRun> runs(@PathVariable String workspaceId) {
    require(workspaceId, WorkspaceRole.READ);
    return runner.history(workspaceId);
  }

  @PostMapping("/tasks/{task}/runs")
  ResponseEntity<TaskRun> run(@PathVariable String workspaceId, @PathVariable String task) {
    require(workspaceId, WorkspaceRole.WRITE);
    TaskRun run = runner.run(workspaceId, task);
    return ResponseEntity.created(URI.create("/api/workspaces/" + workspaceId + "/runs")).body(run);
  }

  @PostMapping("/runs/{runId}/stop")
  ResponseEntity<TaskRun> stop(@PathVariable String workspaceId, @PathVariable String runId) {
    require(workspaceId, WorkspaceRole.WRITE);
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(runner.stop(workspaceId, runId));
  }

  private void require(String workspaceId, WorkspaceRole role) {
    access.require(accounts.currentUser().id(), workspaceId, role);
  }
}
