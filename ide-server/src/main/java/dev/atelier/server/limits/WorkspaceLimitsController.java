package dev.atelier.server.limits;

import dev.atelier.server.account.AccountService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/workspace-limits} (every signed-in user: what a stack can get here) and {@code
 * PUT /api/workspace-limits} (administrators), documented in {@code docs/api.md}.
 */
@RestController
@RequestMapping("/api/workspace-limits")
class WorkspaceLimitsController {

  private final WorkspaceLimits limits;
  private final AccountService accounts;

  WorkspaceLimitsController(WorkspaceLimits limits, AccountService accounts) {
    this.limits = limits;
    this.accounts = accounts;
  }

  @GetMapping
  WorkspaceLimitSettings get() {
    return limits.current();
  }

  @PutMapping
  WorkspaceLimitSettings change(@RequestBody(required = false) WorkspaceLimitSettings body) {
    return limits.update(accounts.currentUser(), body);
  }
}
