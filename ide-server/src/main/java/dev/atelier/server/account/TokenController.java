package dev.atelier.server.account;

import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The current user's own API tokens. */
@RestController
@RequestMapping("/api/tokens")
class TokenController {

  private final AccountService accounts;
  private final ApiTokenService tokens;

  TokenController(AccountService accounts, ApiTokenService tokens) {
    this.accounts = accounts;
    this.tokens = tokens;
  }

  /** Body of {@code POST /api/tokens}. */
  record NewToken(String name) {}

  @GetMapping
  List<ApiToken> list() {
    return tokens.list(accounts.currentUser().id());
  }

  @PostMapping
  ResponseEntity<CreatedToken> create(@RequestBody NewToken body) {
    CreatedToken created = tokens.create(accounts.currentUser().id(), body.name());
    return ResponseEntity.created(URI.create("/api/tokens/" + created.token().id())).body(created);
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> revoke(@PathVariable String id) {
    tokens.revoke(accounts.currentUser().id(), id);
    return ResponseEntity.noContent().build();
  }
}
