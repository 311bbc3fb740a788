package dev.atelier.server.sharing;

import dev.atelier.server.account.AccountService;
import dev.atelier.server.account.UserAccount;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.events.AccessRevokedEvent;
import dev.atelier.server.events.EventBus;
import dev.atelier.server.throttle.ClientAddress;
import dev.atelier.server.throttle.Throttle;
import dev.atelier.server.workspace.Workspace;
import dev.atelier.server.workspace.WorkspaceAccess;
import dev.atelier.server.workspace.WorkspaceRole;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Share links and collaborators. Only the owner manages them. A secret is 256 random bits (URL-safe
 * Base64); only its SHA-256 is stored, which suffices because the secret has full entropy. Access
 * granted by a link ends when the link is revoked or expires, or when the owner removes the
 * collaborator; each of these publishes an {@link AccessRevokedEvent}, so the guest's live sockets
 * close at once.
 */
@Service
public class SharingService {

  /** Links per workspace that are not revoked (expired ones count until revoked). */
  static final int MAX_ACTIVE_LINKS = 50;

  /** The longest expiry a link may have. */
  static final Duration MAX_EXPIRY = Duration.ofDays(366);

  private final ShareRepository repository;
  private final WorkspaceAccess access;
  private final AccountService accounts;
  private final EventBus bus;
  private final Throttle throttle;
  private final SecureRandom random = new SecureRandom();

  SharingService(
      ShareRepository repository,
      WorkspaceAccess access,
      AccountService accounts,
      EventBus bus,
      Throttle throttle) {
    this.repository = repository;
    this.access = access;
    this.accounts = accounts;
    this.bus = bus;
    this.throttle = throttle;
  }

  /**
   * Creates a share link; the returned secret is not stored and cannot be shown again.
   *
   * @throws AtelierException {@code WORKSPACE_NOT_FOUND}/{@code FORBIDDEN} unless the user owns the
   *     workspace, {@code VALIDATION_FAILED} for a bad role or expiry or too many links
   */
  public CreatedShareLink create(
      UserAccount owner, String workspaceId, CreateShareRequest request) {
    access.require(owner.id(), workspaceId, WorkspaceRole.OWNER);
    if (request == null) {
      throw new AtelierException(
          ErrorCode.VALIDATION_FAILED, "Send a JSON body such as {\"role\": \"READ\"}.");
    }
    WorkspaceRole role = guestRole(request.role());
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Instant expiresAt = expiry(request, now);
    if (repository.countActiveLinks(workspaceId) >= MAX_ACTIVE_LINKS) {
      throw new AtelierException(
          ErrorCode.VALIDATION_FAILED,
          "This workspace has "
              + MAX_ACTIVE_LINKS
              + " share links that are not revoked: revoke unused ones first.");
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    ShareLink link =
        new ShareLink(
            UUID.randomUUID().toString(),
            workspaceId,
            role,
            owner.id(),
            now,
            expiresAt,
            null,
            ShareLink.State.ACTIVE);
    repository.insertLink(link, hash(secret));
    return new CreatedShareLink(link, secret, "/share/" + secret);
  }

  /** The workspace's links, newest first, without secrets. Owner only. */
  public List<ShareLink> links(UserAccount owner, String workspaceId) {
    access.require(owner.id(), workspaceId, WorkspaceRole.OWNER);
    return repository.links(workspaceId, Instant.now());
  }

  /**
   * Revokes a link: it stops working, and the collaborators it admitted lose their access (their
   * live sockets are closed). Revoking a revoked link changes nothing.
   *
   * @throws AtelierException {@code SHARE_LINK_NOT_FOUND} when the workspace has no such link
   */
  public ShareLink revoke(UserAccount owner, String workspaceId, String shareId) {
    access.require(owner.id(), workspaceId, WorkspaceRole.OWNER);
    ShareLink link = requireLink(workspaceId, shareId);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    for (String userId : repository.revokeLink(link.id(), now)) {
      bus.publish(new AccessRevokedEvent(workspaceId, userId, now));
    }
    return requireLink(workspaceId, shareId);
  }

  /** The workspace's collaborators. Owner only. */
  public List<Collaborator> collaborators(UserAccount owner, String workspaceId) {
    access.require(owner.id(), workspaceId, WorkspaceRole.OWNER);
    return repository.collaborators(workspaceId);
  }

  /**
   * Removes a collaborator: their access ends at once, and links created before now cannot readmit
   * them (a newer link can).
   *
   * @throws AtelierException {@code COLLABORATOR_NOT_FOUND} when they are not a collaborator
   */
  public void removeCollaborator(UserAccount owner, String workspaceId, String userId) {
    access.require(owner.id(), workspaceId, WorkspaceRole.OWNER);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    if (userId == null || !repository.removeCollaborator(workspaceId, userId, now)) {
      throw new AtelierException(
          ErrorCode.COLLABORATOR_NOT_FOUND,
          "User " + userId + " is not a collaborator in this workspace.");
    }
    bus.publish(new AccessRevokedEvent(workspaceId, userId, now));
  }

  /**
   * Opens a share link as {@code user}: grants the link's role in its workspace (keeping a stronger
   * role the user already has).
   *
   * @throws AtelierException {@code SHARE_LINK_NOT_FOUND} for an unknown secret, {@code
   *     SHARE_LINK_GONE} for an expired or revoked link, {@code FORBIDDEN} when the owner removed
   *     the user after this link was made
   */
  public AcceptedShare accept(UserAccount user, String secret) {
    // Unknown secrets count per user and per client address; while throttled none is looked up.
    String userKey = "share-user:" + user.id();
    String addressKey = "share-address:" + ClientAddress.current();
    Duration wait = throttle.retryAfter(userKey, addressKey);
    if (!wait.isZero()) {
      long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
      throw new AtelierException(
          ErrorCode.TOO_MANY_ATTEMPTS,
          "Too many share links that do not exist. Wait " + seconds + " s and try again.",
          java.util.Map.of("retryAfterSeconds", seconds));
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    ShareLink link =
        (secret == null || secret.isBlank() || secret.length() > 200)
            ? null
            : repository.findLinkByHash(hash(secret), now).orElse(null);
    if (link == null) {
      int free = throttle.properties().secretFreeFailures();
      throttle.failed(userKey, free);
      throttle.failed(addressKey, free);
      throw new AtelierException(
          ErrorCode.SHARE_LINK_NOT_FOUND,
          "This share link does not exist. Check that you copied all of it, or ask the owner for"
              + " a new one.");
    }
    if (link.state() != ShareLink.State.ACTIVE) {
      throw new AtelierException(
          ErrorCode.SHARE_LINK_GONE,
          "This share link "
              + (link.state() == ShareLink.State.REVOKED ? "was revoked" : "has expired")
              + ". Ask the workspace's owner for a new link.",
          java.util.Map.of("state", link.state().name()));
    }
    Workspace workspace = workspaceOf(link);
    Optional<WorkspaceRole> current = access.role(user.id(), link.workspaceId());
    if (current.isPresent() && current.get().atLeast(link.role())) {
      return new AcceptedShare(workspace.id(), workspace.name(), current.get());
    }
    Optional<ShareRepository.Membership> row = repository.membership(link.workspaceId(), user.id());
    if (row.isPresent() && row.get().removed() && link.createdAt().isBefore(row.get().at())) {
      throw new AtelierException(
          ErrorCode.FORBIDDEN,
          "The owner removed you from this workspace. Ask them for a new link if you should have"
              + " access again.");
    }
    repository.putMembership(link.workspaceId(), user.id(), link.role().name(), link.id(), now);
    return new AcceptedShare(workspace.id(), workspace.name(), link.role());
  }

  /** Workspaces other users shared with {@code user}, most recently joined first. */
  public List<SharedWorkspace> sharedWith(UserAccount user) {
    List<SharedWorkspace> shared = new ArrayList<>();
    for (ShareRepository.Admission a : repository.sharedWith(user.id(), Instant.now())) {
      Optional<WorkspaceRole> role = access.role(user.id(), a.workspaceId());
      if (role.isEmpty() || role.get() == WorkspaceRole.OWNER) {
        continue;
      }
      Workspace w = access.require(user.id(), a.workspaceId(), WorkspaceRole.READ);
      String owner = accounts.findById(w.ownerId()).map(UserAccount::displayName).orElse("?");
      shared.add(new SharedWorkspace(w, role.get(), owner));
    }
    return shared;
  }

  /**
   * Ends the access of guests whose link expired (called periodically): their rows go and their
   * sockets close. Role checks already refuse them from the moment of expiry.
   *
   * @return how many guests lost access
   */
  int dropExpired() {
    Instant now = Instant.now();
    List<ShareRepository.Admission> expired = repository.dropExpiredAdmissions(now);
    for (ShareRepository.Admission a : expired) {
      bus.publish(new AccessRevokedEvent(a.workspaceId(), a.userId(), now));
    }
    return expired.size();
  }

  private Workspace workspaceOf(ShareLink link) {
    // The link's creator owns the workspace; reading it as them never fails while it exists.
    return access.require(link.createdBy(), link.workspaceId(), WorkspaceRole.READ);
  }

  private ShareLink requireLink(String workspaceId, String shareId) {
    return repository
        .findLink(workspaceId, shareId == null ? "" : shareId, Instant.now())
        .orElseThrow(
            () ->
                new AtelierException(
                    ErrorCode.SHARE_LINK_NOT_FOUND,
                    "This workspace has no share link with id " + shareId + "."));
  }

  private static WorkspaceRole guestRole(String role) {
    String value = role == null ? "" : role.strip().toUpperCase(Locale.ROOT);
    return switch (value) {
      case "READ", "READ-ONLY", "READ_ONLY" -> WorkspaceRole.READ;
      case "WRITE", "READ-WRITE", "READ_WRITE" -> WorkspaceRole.WRITE;
      default ->
          throw new AtelierException(
              ErrorCode.VALIDATION_FAILED,
              "A share link's role is READ (read-only) or WRITE (read-write), not '" + role + "'.");
    };
  }

  private static Instant expiry(CreateShareRequest request, Instant now) {
    if (request.expiresAt() != null && request.expiresIn() != null) {
      throw new AtelierException(
          ErrorCode.VALIDATION_FAILED, "Give either expiresAt or expiresIn, not both.");
    }
    Instant at =
        request.expiresIn() != null
            ? now.plus(request.expiresIn())
            : request.expiresAt() == null
                ? null
                : request.expiresAt().truncatedTo(ChronoUnit.MILLIS);
    if (at == null) {
      return null;
    }
    if (!at.isAfter(now)) {
      throw new AtelierException(
          ErrorCode.VALIDATION_FAILED, "The expiry must be in the future (it was " + at + ").");
    }
    if (at.isAfter(now.plus(MAX_EXPIRY))) {
      throw new AtelierException(
          ErrorCode.VALIDATION_FAILED,
          "The expiry may be at most "
              + MAX_EXPIRY.toDays()
              + " days ahead; leave it out for a"
              + " link that never expires.");
    }
    return at;
  }

  /** Hex SHA-256 of a secret: what is stored and looked up. */
  static String hash(String secret) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
