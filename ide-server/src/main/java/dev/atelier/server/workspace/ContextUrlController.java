package dev.atelier.server.workspace;

import dev.atelier.server.account.AccountService;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.error.Problems;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Context URLs: {@code /new?repository=<git URL>[&stack=<id>][&name=<name>]} creates a workspace
 * for the repository, starts it and sends the browser to the workspace page. The stack is the given
 * one, else {@code atelier.workspace.default-stack}; either way a repository with its own stack
 * file ({@code .atelier/stack.json}, {@code .devcontainer/devcontainer.json}) runs that one.
 * Anonymous users are sent to the login page first and come back here afterwards.
 */
@Controller
class ContextUrlController {

  /** Where the browser goes after the workspace was created: the workspace page of the UI. */
  static final String WORKSPACE_PAGE = "/workspaces/";

  private final WorkspaceService workspaces;
  private final AccountService accounts;

  ContextUrlController(WorkspaceService workspaces, AccountService accounts) {
    this.workspaces = workspaces;
    this.accounts = accounts;
  }

  @GetMapping("/new")
  ResponseEntity<Void> open(
      @RequestParam(required = false) String repository,
      @RequestParam(required = false) String stack,
      @RequestParam(required = false) String name) {
    if (repository == null || repository.isBlank()) {
      throw new AtelierException(
          ErrorCode.INVALID_REPOSITORY,
          "Add the repository to open: /new?repository=https://host/owner/repo.git");
    }
    String stackId = stack == null || stack.isBlank() ? workspaces.defaultStack() : stack;
    Workspace created =
        workspaces.create(
            accounts.currentUser(), new CreateWorkspaceRequest(stackId, repository, name));
    return ResponseEntity.status(HttpStatus.FOUND)
        .location(URI.create(WORKSPACE_PAGE + created.id()))
        .build();
  }

  @ExceptionHandler(AtelierException.class)
  ResponseEntity<ProblemDetail> failed(AtelierException e) {
    return ResponseEntity.status(e.code().status())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(Problems.of(e.code(), e.getMessage(), e.properties()));
  }
}
