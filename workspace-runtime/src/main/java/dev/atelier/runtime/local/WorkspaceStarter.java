package dev.atelier.runtime.local;

import dev.atelier.runtime.spi.AppliedResources;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.runtime.spi.StartResult;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import dev.atelier.runtime.spi.WorkspaceSpec;
import dev.atelier.stacks.RepositoryStacks;
import dev.atelier.stacks.ResolvedStack;
import dev.atelier.stacks.Stack;
import dev.atelier.stacks.StackException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The start procedure of one workspace: folder ({@code CREATING}); on first start clone and stack
 * detection ({@code INITIALIZING}); limits and sandbox; {@code postCreateCommand} once; {@code
 * postStartCommand} every time. Runs on a runtime thread with the workspace's operations
 * serialized; on failure everything it started is torn down before the error propagates.
 */
final class WorkspaceStarter {

  /** {@link StartResult#stackSource()} when the spec's stack is used. */
  static final String BUILTIN_SOURCE = "builtin";

  private final LocalRuntimeOptions options;
  private final LocalEnvironment environment;
  private final RepositoryCloner cloner;

  WorkspaceStarter(LocalRuntimeOptions options, LocalEnvironment environment) {
    this.options = options;
    this.environment = environment;
    this.cloner = new RepositoryCloner(options.allowLocalRepositories());
  }

  /**
   * @param phase reports each phase reached
   * @param cancelled true once a stop asked this start to give up
   */
  StartResult start(
      WorkspaceSpec spec, WorkspaceState state, Consumer<Phase> phase, BooleanSupplier cancelled) {
    long deadline = System.nanoTime() + options.startTimeout().toNanos();
    WorkspaceLayout layout = state.layout;
    environment.requireSandboxIfConfigured();
    phase.accept(Phase.CREATING);
    try {
      Files.createDirectories(layout.content());
      Files.createDirectories(layout.meta());
      HostIdentity identity = environment.identity().orElse(null);
      if (identity != null && !Ownership.owns(layout.content(), identity)) {
        // new, or created before sandboxes ran as their own uid: hand the content over
        Ownership.giveTree(layout.content(), identity);
      }
    } catch (IOException e) {
      throw new WorkspaceRuntimeException(
          ErrorCode.IO,
          "cannot create the workspace folder " + layout.content() + ": " + e.getMessage(),
          e);
    }
    boolean firstStart = !Files.exists(layout.initializedMarker());
    if (firstStart) {
      phase.accept(Phase.INITIALIZING);
    }
    if (spec.repository() != null
        && !spec.repository().isBlank()
        && !Files.exists(layout.clonedMarker())) {
      if (!Files.isDirectory(layout.content().resolve(".git"))) {
        cloner.cloneInto(
            spec.repository(),
            layout.content(),
            layout.cloneTemp(),
            cancelled,
            () -> cancelledError(spec));
        giveClone(layout);
      }
      mark(layout.clonedMarker());
    }
    checkProgress(spec, deadline, cancelled);
    Stack stack = spec.stack();
    String source = BUILTIN_SOURCE;
    if (spec.repository() != null && !spec.repository().isBlank()) {
      Optional<ResolvedStack> own = repositoryStack(layout.content());
      if (own.isPresent()) {
        stack = own.get().stack();
        source = own.get().sourcePath();
      }
    }
    // Whichever stack won (a repository's own file too), the server's limits bound it.
    AppliedResources bounded = spec.limits().apply(stack.resources());
    WorkspaceSession session =
        environment.openSession(layout, stack.withResources(bounded.effective()));
    AppliedResources limits = ResourceLimiter.enforced(environment.limitMechanism(), bounded);
    state.session = session;
    try {
      session.agent().begin(); // starts while the lifecycle commands run
      if (firstStart) {
        if (stack.postCreateCommand() != null) {
          LifecycleCommand.run(
              session,
              "postCreateCommand",
              stack.postCreateCommand(),
              deadline,
              () -> timeoutError(spec),
              cancelled,
              () -> cancelledError(spec));
        }
        mark(layout.initializedMarker());
      }
      if (stack.postStartCommand() != null) {
        LifecycleCommand.run(
            session,
            "postStartCommand",
            stack.postStartCommand(),
            deadline,
            () -> timeoutError(spec),
            cancelled,
            () -> cancelledError(spec));
      }
      session.agent().connection();
      checkProgress(spec, deadline, cancelled);
      if (!session.isAlive()) {
        throw new WorkspaceRuntimeException(
            ErrorCode.START_FAILED,
            "the workspace sandbox exited during start: "
                + BubblewrapSandbox.tail(layout.sandboxLog()));
      }
    } catch (RuntimeException e) {
      state.session = null;
      session.shutdown();
      throw e;
    }
    return new StartResult(stack, source, limits);
  }

  /** The clone was made by the server: its files go to the sandbox's uid (links not followed). */
  private void giveClone(WorkspaceLayout layout) {
    Optional<HostIdentity> identity = environment.identity();
    if (identity.isEmpty()) {
      return;
    }
    try {
      Ownership.giveTree(layout.content(), identity.get());
    } catch (IOException e) {
      throw new WorkspaceRuntimeException(
          ErrorCode.IO, "cannot hand the cloned files to the sandbox user: " + e.getMessage(), e);
    }
  }

  private static Optional<ResolvedStack> repositoryStack(Path content) {
    try {
      return RepositoryStacks.resolve(content);
    } catch (StackException e) {
      throw new WorkspaceRuntimeException(ErrorCode.STACK_INVALID, e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new WorkspaceRuntimeException(
          ErrorCode.IO, "cannot read the repository's stack file: " + e.getCause().getMessage(), e);
    }
  }

  private void checkProgress(WorkspaceSpec spec, long deadline, BooleanSupplier cancelled) {
    if (cancelled.getAsBoolean()) {
      throw cancelledError(spec);
    }
    if (System.nanoTime() - deadline > 0) {
      throw timeoutError(spec);
    }
  }

  private WorkspaceRuntimeException timeoutError(WorkspaceSpec spec) {
    Duration timeout = options.startTimeout();
    return new WorkspaceRuntimeException(
        ErrorCode.TIMEOUT,
        "workspace "
            + spec.workspaceId()
            + " did not start within "
            + timeout.toSeconds()
            + " s (atelier.runtime.start-timeout)");
  }

  static WorkspaceRuntimeException cancelledError(WorkspaceSpec spec) {
    return new WorkspaceRuntimeException(
        ErrorCode.START_FAILED,
        "the start of workspace " + spec.workspaceId() + " was interrupted by a stop");
  }

  private static void mark(Path marker) {
    try {
      Files.writeString(marker, java.time.Instant.now().toString());
    } catch (IOException e) {
      throw new WorkspaceRuntimeException(
          ErrorCode.IO, "cannot write " + marker + ": " + e.getMessage(), e);
    }
  }
}
