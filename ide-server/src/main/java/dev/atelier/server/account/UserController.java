package dev.atelier.server.account;

import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/me} for everyone; {@code /api/users} for admins only (enforced by the security filter
 * chain, so a non-admin never reaches these methods).
 */
@RestController
@RequestMapping("/api")
class UserController {

  private final AccountService accounts;
  private final SignInLog signIns;

  UserController(AccountService accounts, SignInLog signIns) {
    this.accounts = accounts;
    this.signIns = signIns;
  }

  /** Body of {@code POST /api/users}. */
  record NewUser(String username, String password, String displayName, boolean admin) {}

  @GetMapping("/me")
  UserAccount me() {
    return accounts.currentUser();
  }

  @GetMapping("/users")
  List<UserAccount> list() {
    return accounts.listUsers();
  }

  /** The sign-in audit log, newest first. */
  @GetMapping("/users/sign-ins")
  List<SignInEvent> signIns(@RequestParam(defaultValue = "200") int limit) {
    return signIns.recent(limit);
  }

  @GetMapping("/users/{id}")
  UserAccount get(@PathVariable String id) {
    return accounts
        .findById(id)
        .orElseThrow(
            () -> new AtelierException(ErrorCode.USER_NOT_FOUND, "No user with id " + id + "."));
  }

  @PostMapping("/users")
  ResponseEntity<UserAccount> create(@RequestBody NewUser body) {
    UserAccount created =
        accounts.createUser(body.username(), body.password(), body.displayName(), body.admin());
    return ResponseEntity.created(URI.create("/api/users/" + created.id())).body(created);
  }
}
