package dev.atelier.server.account;

import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/register} (anonymous; works only while self-registration is on) and the admin
 * switch {@code GET/PUT /api/users/self-registration} (admin-only like all of {@code /api/users}).
 */
@RestController
@RequestMapping("/api")
class RegistrationController {

  private final SelfRegistration registration;
  private final AccountService accounts;

  RegistrationController(SelfRegistration registration, AccountService accounts) {
    this.registration = registration;
    this.accounts = accounts;
  }

  /** Body of {@code POST /api/register}. */
  record Registration(String username, String password, String displayName) {}

  /** Body of {@code GET/PUT /api/users/self-registration}. */
  record Setting(boolean enabled) {}

  @PostMapping("/register")
  ResponseEntity<UserAccount> register(@RequestBody Registration body) {
    UserAccount created =
        registration.register(body.username(), body.password(), body.displayName());
    return ResponseEntity.created(URI.create("/api/me")).body(created);
  }

  @GetMapping("/users/self-registration")
  Setting setting() {
    return new Setting(registration.enabled());
  }

  @PutMapping("/users/self-registration")
  Setting change(@RequestBody Setting body) {
    registration.setEnabled(accounts.currentUser(), body.enabled());
    return new Setting(registration.enabled());
  }
}
