package dev.atelier.server.terminal;

import dev.atelier.runtime.spi.ExecRequest.PtySize;
import dev.atelier.server.account.AccountService;
import dev.atelier.server.workspace.WorkspaceAccess;
import dev.atelier.server.workspace.WorkspaceRole;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/workspaces/{id}/terminals}, documented in {@code docs/api.md}. */
@RestController
@RequestMapping("/api/workspaces/{workspaceId}/terminals")
class TerminalController {

  /**
   * Body of create and rename; every field is optional on create.
   *
   * @param name tab title
   * @param cols initial columns
   * @param rows initial rows
   */
  record TerminalRequest(String name, Integer cols, Integer rows) {}

  private final TerminalService terminals;
  private final WorkspaceAccess access;
  private final AccountService accounts;

  TerminalController(TerminalService terminals, WorkspaceAccess access, AccountService accounts) {
    this.terminals = terminals;
    this.access = access;
    this.accounts = accounts;
  }

  @GetMapping
  List<Terminal> list(@PathVariable String workspaceId) {
    require(workspaceId);
    return terminals.list(workspaceId);
  }

  @PostMapping
  ResponseEntity<Terminal> create(
      @PathVariable String workspaceId, @RequestBody(required = false) TerminalRequest request) {
    require(workspaceId);
    PtySize size = null;
    if (request != null && (request.cols() != null || request.rows() != null)) {
      size =
          TerminalService.checkSize(
              request.cols() == null ? 80 : request.cols(),
              request.rows() == null ? 24 : request.rows());
    }
    Terminal created = terminals.create(workspaceId, request == null ? null : request.name(), size);
    return ResponseEntity.created(
            URI.create("/api/workspaces/" + workspaceId + "/terminals/" + created.id()))
        .body(created);
  }

  @PatchMapping("/{terminalId}")
  Terminal rename(
      @PathVariable String workspaceId,
      @PathVariable String terminalId,
      @RequestBody(required = false) TerminalRequest request) {
    require(workspaceId);
    return terminals.rename(workspaceId, terminalId, request == null ? null : request.name());
  }

  @DeleteMapping("/{terminalId}")
  ResponseEntity<Void> close(@PathVariable String workspaceId, @PathVariable String terminalId) {
    require(workspaceId);
    terminals.close(workspaceId, terminalId);
    return ResponseEntity.noContent().build();
  }

  private void require(String workspaceId) {
    access.require(accounts.currentUser().id(), workspaceId, WorkspaceRole.WRITE);
  }
}
