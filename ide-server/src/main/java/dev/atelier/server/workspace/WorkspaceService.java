package dev.atelier.server.workspace;

import dev.atelier.runtime.spi.Condition;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.server.account.UserAccount;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.events.EventBus;
import dev.atelier.server.events.WorkspaceDeletedEvent;
import dev.atelier.server.workspace.WorkspaceLifecycle.Change;
import dev.atelier.stacks.Stack;
import dev.atelier.stacks.StackCatalog;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * Workspaces as their owners see them. Every method takes the acting user and treats another user's
 * workspace as non-existent ({@code WORKSPACE_NOT_FOUND}), so ids cannot be probed. Start and stop
 * return at once with the new phase (PENDING, STOPPING); progress arrives as {@link
 * dev.atelier.server.events.WorkspaceStatusEvent}s and in later reads, including failures such as
 * {@code cloneFailed: repository not found}.
 */
@Service
public class WorkspaceService {

  /** Letters, digits, space, {@code . _ -}; starting with a letter or digit; 1–63 characters. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,62}");

  private final WorkspaceRepository repository;
  private final WorkspaceLifecycle lifecycle;
  private final StackCatalog catalog;
  private final WorkspaceProperties properties;
  private final RepositoryUrls repositoryUrls;
  private final EventBus bus;
  private final WorkspaceAccess access;
  private final WorkspaceIds ids = new WorkspaceIds();

  WorkspaceService(
      WorkspaceRepository repository,
      WorkspaceLifecycle lifecycle,
      StackCatalog catalog,
      WorkspaceProperties properties,
      EventBus bus,
      WorkspaceAccess access) {
    this.repository = repository;
    this.access = access;
    this.lifecycle = lifecycle;
    this.catalog = catalog;
    this.properties = properties;
    this.repositoryUrls = new RepositoryUrls(properties.allowedRepositorySchemes());
    this.bus = bus;
    if (catalog.find(properties.defaultStack()).isEmpty()) {
      throw new IllegalStateException(
          "atelier.workspace.default-stack="
              + properties.defaultStack()
              + " is not a known stack; choose one of: "
              + String.join(", ", catalog.ids()));
    }
  }

  /**
   * Creates a workspace and starts it: the result is PENDING, and it moves on to RUNNING (or FAILED
   * with a condition) asynchronously.
   *
   * @throws AtelierException {@code UNKNOWN_STACK} (listing the known ones), {@code
   *     INVALID_REPOSITORY}, {@code INVALID_NAME}, {@code QUOTA_EXCEEDED}
   */
  public Workspace create(UserAccount owner, CreateWorkspaceRequest request) {
    if (request == null) {
      throw new AtelierException(
          ErrorCode.VALIDATION_FAILED, "Send a JSON body such as {\"stack\": \"python\"}.");
    }
    Stack stack = requireStack(request.stack());
    String repository = repositoryUrls.normalize(request.repository());
    String name = name(request.name(), repository, stack);
    if (properties.maxPerUser() > 0
        && this.repository.countByOwner(owner.id()) >= properties.maxPerUser()) {
      throw new AtelierException(
          ErrorCode.QUOTA_EXCEEDED,
          "You have "
              + properties.maxPerUser()
              + " workspaces, the most allowed: delete ones you no longer"
              + " need.");
    }
    String id = ids.next();
    while (this.repository.exists(id)) {
      id = ids.next();
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    WorkspaceRecord pending =
        new WorkspaceRecord(
            id,
            owner.id(),
            name,
            stack.id(),
            null,
            null,
            repository,
            Phase.PENDING,
            List.of(),
            0,
            now,
            now);
    return lifecycle.createAndStart(pending, stack).toWorkspace();
  }

  /**
   * Starts a stopped or failed workspace; its content is kept.
   *
   * @throws AtelierException {@code WORKSPACE_NOT_FOUND}, {@code WRONG_STATE} when it is not
   *     stopped or failed, {@code UNKNOWN_STACK} when its stack left the catalog
   */
  public Workspace start(UserAccount user, String id) {
    WorkspaceRecord w = owned(user, id);
    Stack stack =
        catalog
            .find(w.stackId())
            .orElseThrow(
                () ->
                    new AtelierException(
                        ErrorCode.UNKNOWN_STACK,
                        "This workspace's stack '"
                            + w.stackId()
                            + "' is no longer in"
                            + " the catalog; create a new workspace with one of: "
                            + String.join(", ", catalog.ids())
                            + ".",
                        Map.of("knownStacks", catalog.ids())));
    return lifecycle
        .restart(
            id,
            stack,
            current -> {
              if (!current.phase().canTransitionTo(Phase.PENDING)) {
                throw wrongState(current, "started", "it is stopped or failed");
              }
              return new Change(Phase.PENDING, List.of());
            })
        .toWorkspace();
  }

  /**
   * Stops a workspace (also one that is still starting, or failed); its content is kept.
   *
   * @throws AtelierException {@code WORKSPACE_NOT_FOUND}, {@code WRONG_STATE} when it is already
   *     stopped
   */
  public Workspace stop(UserAccount user, String id) {
    owned(user, id);
    return lifecycle
        .stop(
            id,
            current -> {
              if (current.phase() == Phase.STOPPING) {
                return Optional.empty();
              }
              if (!current.phase().canTransitionTo(Phase.STOPPING)
                  || current.phase() == Phase.STOPPED) {
                throw wrongState(current, "stopped", "it is starting, running or failed");
              }
              return Optional.of(new Change(Phase.STOPPING, List.of()));
            })
        .toWorkspace();
  }

  /** Stops a workspace on the server's behalf (idle timeout), recording why. */
  void stopBecause(String id, Condition reason) {
    lifecycle.stop(
        id,
        current ->
            current.phase() == Phase.RUNNING
                ? Optional.of(new Change(Phase.STOPPING, List.of(reason)))
                : Optional.empty());
  }

  /**
   * Stops the workspace if needed and deletes it with its content. Waits for the runtime, at most
   * {@code atelier.workspace.stop-timeout}.
   *
   * @throws AtelierException {@code WORKSPACE_NOT_FOUND}, {@code RUNTIME_UNAVAILABLE} when the
   *     runtime failed or timed out (the workspace is kept; try again)
   */
  public void delete(UserAccount user, String id) {
    WorkspaceRecord w = owned(user, id);
    try {
      lifecycle.delete(id, properties.stopTimeout());
    } catch (TimeoutException e) {
      throw new AtelierException(
          ErrorCode.RUNTIME_UNAVAILABLE,
          "Deleting workspace "
              + id
              + " took longer than "
              + properties.stopTimeout()
              + "; try again.",
          Map.of(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AtelierException(
          ErrorCode.RUNTIME_UNAVAILABLE,
          "Interrupted while deleting " + "workspace " + id + "; try again.",
          Map.of(),
          e);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new AtelierException(
          ErrorCode.RUNTIME_UNAVAILABLE,
          "Could not delete workspace " + id + ": " + cause.getMessage(),
          Map.of(),
          e);
    }
    bus.publish(new WorkspaceDeletedEvent(id, w.ownerId(), Instant.now()));
  }

  /**
   * The workspace with this id, if the user owns it or collaborates in it (any role).
   *
   * @throws AtelierException {@code WORKSPACE_NOT_FOUND} otherwise
   */
  public Workspace get(UserAccount user, String id) {
    return withRole(user, id, WorkspaceRole.READ).toWorkspace();
  }

  /** The user's workspaces, most recently used first. */
  public List<Workspace> list(UserAccount user) {
    return repository.findByOwner(user.id()).stream().map(WorkspaceRecord::toWorkspace).toList();
  }

  /** Every persisted phase transition of a workspace the user has a role in, oldest first. */
  public List<WorkspaceTransition> history(UserAccount user, String id) {
    withRole(user, id, WorkspaceRole.READ);
    return repository.transitions(id);
  }

  /**
   * The resource limits the workspace got at its current or last start on this server, after the
   * server's defaults and ceilings.
   *
   * @throws AtelierException {@code WORKSPACE_NOT_FOUND} unless the user has a role in it, {@code
   *     WRONG_STATE} when this server has not started it since the server itself started
   */
  public WorkspaceResources resources(UserAccount user, String id) {
    withRole(user, id, WorkspaceRole.READ);
    return lifecycle
        .startedResources(id)
        .map(WorkspaceResources::of)
        .orElseThrow(
            () ->
                new AtelierException(
                    ErrorCode.WRONG_STATE,
                    "Workspace "
                        + id
                        + " has not been started since the server started; start it to see its"
                        + " resource limits."));
  }

  /**
   * The stack a workspace runs: the one its last start resolved (a repository's {@code
   * .atelier/stack.json} included), else its catalog stack. No access check: for server components
   * that already checked access (task runner, language gateway).
   */
  public Optional<Stack> effectiveStack(String workspaceId) {
    Optional<Stack> started = lifecycle.startedStack(workspaceId);
    if (started.isPresent()) {
      return started;
    }
    return repository
        .find(workspaceId)
        .flatMap(
            w ->
                catalog
                    .find(w.effectiveStackId() != null ? w.effectiveStackId() : w.stackId())
                    .or(() -> catalog.find(w.stackId())));
  }

  /**
   * Checks what {@link #create} would check about the request itself (stack, repository, name),
   * without creating anything.
   *
   * @return the catalog stack it names
   * @throws AtelierException {@code VALIDATION_FAILED}, {@code UNKNOWN_STACK}, {@code
   *     INVALID_REPOSITORY}, {@code INVALID_NAME}
   */
  Stack validate(CreateWorkspaceRequest request) {
    if (request == null) {
      throw new AtelierException(
          ErrorCode.VALIDATION_FAILED, "Send a JSON body such as {\"stack\": \"python\"}.");
    }
    Stack stack = requireStack(request.stack());
    name(request.name(), repositoryUrls.normalize(request.repository()), stack);
    return stack;
  }

  /** The stack catalog, in catalog order. */
  public List<Stack> stacks() {
    return catalog.all();
  }

  /**
   * One catalog stack.
   *
   * @throws AtelierException {@code STACK_NOT_FOUND}
   */
  public Stack stack(String id) {
    return catalog
        .find(id)
        .orElseThrow(
            () ->
                new AtelierException(
                    ErrorCode.STACK_NOT_FOUND,
                    "No stack '"
                        + id
                        + "'. Known stacks: "
                        + String.join(", ", catalog.ids())
                        + ".",
                    Map.of("knownStacks", catalog.ids())));
  }

  /** The stack context URLs use when none is given ({@code atelier.workspace.default-stack}). */
  public String defaultStack() {
    return properties.defaultStack();
  }

  private Stack requireStack(String stackId) {
    if (stackId == null || stackId.isBlank()) {
      throw new AtelierException(
          ErrorCode.UNKNOWN_STACK,
          "Choose a stack: one of " + String.join(", ", catalog.ids()) + ".",
          Map.of("knownStacks", catalog.ids()));
    }
    return catalog
        .find(stackId.strip())
        .orElseThrow(
            () ->
                new AtelierException(
                    ErrorCode.UNKNOWN_STACK,
                    "Unknown stack '"
                        + stackId
                        + "'. Known stacks: "
                        + String.join(", ", catalog.ids())
                        + ".",
                    Map.of("knownStacks", catalog.ids())));
  }

  /**
   * Lifecycle operations are the owner's: collaborators get {@code FORBIDDEN} (they know the
   * workspace exists), everyone else {@code WORKSPACE_NOT_FOUND}.
   */
  private WorkspaceRecord owned(UserAccount user, String id) {
    return withRole(user, id, WorkspaceRole.OWNER);
  }

  private WorkspaceRecord withRole(UserAccount user, String id, WorkspaceRole required) {
    access.require(user.id(), id, required);
    return repository
        .find(id)
        .orElseThrow(
            () ->
                new AtelierException(
                    ErrorCode.WORKSPACE_NOT_FOUND, "You have no workspace with id '" + id + "'."));
  }

  static String name(String requested, String repository, Stack stack) {
    if (requested != null && !requested.isBlank()) {
      String name = requested.strip();
      if (!NAME.matcher(name).matches()) {
        throw new AtelierException(
            ErrorCode.INVALID_NAME,
            "Workspace name '"
                + requested
                + "' is not valid: use 1-63 letters, digits, spaces, '.', '_' or '-', starting with"
                + " a letter or digit.");
      }
      return name;
    }
    String derived =
        repository == null
            ? ""
            : RepositoryUrls.lastSegment(repository)
                .replaceAll("[^A-Za-z0-9 ._-]", "-")
                .replaceFirst("^[^A-Za-z0-9]+", "");
    if (derived.length() > 63) {
      derived = derived.substring(0, 63);
    }
    return derived.isEmpty() ? stack.id() : derived;
  }

  private static AtelierException wrongState(WorkspaceRecord w, String verb, String when) {
    return new AtelierException(
        ErrorCode.WRONG_STATE,
        "Workspace "
            + w.id()
            + " is "
            + w.phase()
            + ": it can only be "
            + verb
            + " when "
            + when
            + ".",
        Map.of("phase", w.phase().name()));
  }
}
