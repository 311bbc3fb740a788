package dev.atelier.server.sharing;

import dev.atelier.server.account.AccountService;
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

/** Share links and collaborators over REST, documented in {@code docs/api.md}. */
@RestController
@RequestMapping("/api")
class ShareController {

  private final SharingService sharing;
  private final AccountService accounts;

  ShareController(SharingService sharing, AccountService accounts) {
    this.sharing = sharing;
    this.accounts = accounts;
  }

  @PostMapping("/workspaces/{id}/shares")
  ResponseEntity<CreatedShareLink> create(
      @PathVariable String id, @RequestBody(required = false) CreateShareRequest request) {
    CreatedShareLink created = sharing.create(accounts.currentUser(), id, request);
    return ResponseEntity.created(
            URI.create("/api/workspaces/" + id + "/shares/" + created.link().id()))
        .body(created);
  }

  @GetMapping("/workspaces/{id}/shares")
  List<ShareLink> links(@PathVariable String id) {
    return sharing.links(accounts.currentUser(), id);
  }

  @DeleteMapping("/workspaces/{id}/shares/{shareId}")
  ShareLink revoke(@PathVariable String id, @PathVariable String shareId) {
    return sharing.revoke(accounts.currentUser(), id, shareId);
  }

  @GetMapping("/workspaces/{id}/collaborators")
  List<Collaborator> collaborators(@PathVariable String id) {
    return sharing.collaborators(accounts.currentUser(), id);
  }

  @DeleteMapping("/workspaces/{id}/collaborators/{userId}")
  ResponseEntity<Void> remove(@PathVariable String id, @PathVariable String userId) {
    sharing.removeCollaborator(accounts.currentUser(), id, userId);
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/shares/{secret}/accept")
  AcceptedShare accept(@PathVariable String secret) {
    return sharing.accept(accounts.currentUser(), secret);
  }

  @GetMapping("/shared-with-me")
  List<SharedWorkspace> sharedWithMe() {
    return sharing.sharedWith(accounts.currentUser());
  }
}
