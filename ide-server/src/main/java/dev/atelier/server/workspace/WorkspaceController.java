package dev.atelier.server.workspace;

import dev.atelier.server.account.AccountService;
import dev.atelier.stacks.Stack;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The workspace REST API, documented in {@code docs/api.md}. */
@RestController
@RequestMapping("/api")
class WorkspaceController {

  private final WorkspaceService workspaces;
  private final AccountService accounts;

  WorkspaceController(WorkspaceService workspaces, AccountService accounts) {
    this.workspaces = workspaces;
    this.accounts = accounts;
  }

  @PostMapping("/workspaces")
  ResponseEntity<Workspace> create(@RequestBody CreateWorkspaceRequest request) {
    Workspace created = workspaces.create(accounts.currentUser(), request);
    return ResponseEntity.created(URI.create("/api/workspaces/" + created.id())).body(created);
  }

  @GetMapping("/workspaces")
  List<Workspace> list() {
    return workspaces.list(accounts.currentUser());
  }

  @GetMapping("/workspaces/{id}")
  Workspace get(@PathVariable String id) {
    return workspaces.get(accounts.currentUser(), id);
  }

  @GetMapping("/workspaces/{id}/events")
  List<WorkspaceTransition> history(@PathVariable String id) {
    return workspaces.history(accounts.currentUser(), id);
  }

  @GetMapping("/workspaces/{id}/resources")
  WorkspaceResources resources(@PathVariable String id) {
    return workspaces.resources(accounts.currentUser(), id);
  }

  @PostMapping("/workspaces/{id}/start")
  ResponseEntity<Workspace> start(@PathVariable String id) {
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(workspaces.start(accounts.currentUser(), id));
  }

  @PostMapping("/workspaces/{id}/stop")
  ResponseEntity<Workspace> stop(@PathVariable String id) {
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(workspaces.stop(accounts.currentUser(), id));
  }

  @DeleteMapping("/workspaces/{id}")
  ResponseEntity<Void> delete(@PathVariable String id) {
    workspaces.delete(accounts.currentUser(), id);
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/stacks")
  List<Stack> stacks() {
    return workspaces.stacks();
  }

  @GetMapping("/stacks/{id}")
  Stack stack(@PathVariable String id) {
    return workspaces.stack(id);
  }
}
