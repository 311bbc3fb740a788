package dev.atelier.server.workspace;

import dev.atelier.server.account.AccountService;
import dev.atelier.server.account.UserAccount;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.error.Problems;
import dev.atelier.stacks.Stack;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Context URLs: {@code GET /new?repository=<git URL>[&stack=<id>][&name=<name>]} asks the signed-in
 * user to confirm ("Create a workspace from X with stack Y?"); only the page's button, a {@code
 * POST /new} with the session's CSRF token, creates and starts the workspace and sends the browser
 * to its page. A link on another site therefore cannot create anything in the visitor's account.
 * The stack is the given one, else {@code atelier.workspace.default-stack}; either way a repository
 * with its own stack file ({@code .atelier/stack.json}, {@code .devcontainer/devcontainer.json})
 * runs that one. Anonymous users are sent to the login page first and come back here afterwards.
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

  /** The confirmation page; validates the request first, so a bad link fails right here. */
  @GetMapping("/new")
  ResponseEntity<String> confirm(
      @RequestParam(required = false) String repository,
      @RequestParam(required = false) String stack,
      @RequestParam(required = false) String name,
      HttpServletRequest request) {
    CreateWorkspaceRequest wanted = request(repository, stack, name);
    Stack chosen = workspaces.validate(wanted);
    UserAccount user = accounts.currentUser();
    CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
    String page =
        ContextUrlPage.render(
            user, wanted, chosen, workspaces.stacks(), csrf.getParameterName(), csrf.getToken());
    return ResponseEntity.ok()
        .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
        .cacheControl(CacheControl.noStore())
        .body(page);
  }

  /** The confirmation page's button (CSRF-checked by the security filter chain). */
  @PostMapping("/new")
  ResponseEntity<Void> create(
      @RequestParam(required = false) String repository,
      @RequestParam(required = false) String stack,
      @RequestParam(required = false) String name) {
    Workspace created = workspaces.create(accounts.currentUser(), request(repository, stack, name));
    return ResponseEntity.status(HttpStatus.SEE_OTHER)
        .location(URI.create(WORKSPACE_PAGE + created.id()))
        .build();
  }

  private CreateWorkspaceRequest request(String repository, String stack, String name) {
    if (repository == null || repository.isBlank()) {
      throw new AtelierException(
          ErrorCode.INVALID_REPOSITORY,
          "Add the repository to open: /new?repository=https://host/owner/repo.git");
    }
    String stackId = stack == null || stack.isBlank() ? workspaces.defaultStack() : stack;
    return new CreateWorkspaceRequest(
        stackId, repository, name == null || name.isBlank() ? null : name);
  }

  @ExceptionHandler(AtelierException.class)
  ResponseEntity<ProblemDetail> failed(AtelierException e) {
    return ResponseEntity.status(e.code().status())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(Problems.of(e.code(), e.getMessage(), e.properties()));
  }
}
