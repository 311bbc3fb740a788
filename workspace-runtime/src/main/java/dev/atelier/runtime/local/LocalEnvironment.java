package dev.atelier.runtime.local;

import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import dev.atelier.stacks.Stack;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this host offers the local runtime, decided once at start-up: whether workspaces are
 * sandboxed (and if not, why), how limits are enforced, and the sandbox's generated {@code /etc}.
 * Opens a {@link WorkspaceSession} (limits, then sandbox) for a starting workspace.
 */
final class LocalEnvironment {

  private static final Logger log = LoggerFactory.getLogger(LocalEnvironment.class);

  private final LocalRuntimeOptions options;
  private final HostTools tools;
  private final Optional<String> sandboxUnavailable;
  private final boolean sandboxed;
  private final ResourceLimiter limiter;
  private final SandboxEtc etc;
  private final AgentInstall agent;
  private final ProcessSpawner spawner = new ProcessSpawner();

  LocalEnvironment(LocalRuntimeOptions options) throws IOException {
    this.options = options;
    this.tools = HostTools.detect(options.bubblewrap());
    this.sandboxUnavailable =
        options.sandbox() == SandboxMode.OFF
            ? Optional.empty()
            : tools.sandboxUnavailableReason(options.bubblewrap());
    this.sandboxed = options.sandbox() != SandboxMode.OFF && sandboxUnavailable.isEmpty();
    switch (options.sandbox()) {
      case OFF ->
          log.warn(
              "Workspace sandbox is OFF (atelier.runtime.local.sandbox=off): workspace processes run"
                  + " as the server's user and can read and change everything it can");
      case AUTO ->
          sandboxUnavailable.ifPresent(
              reason ->
                  log.warn(
                      "Workspace sandbox unavailable, workspaces run UNSANDBOXED with the server's"
                          + " rights: {}. Set atelier.runtime.local.sandbox=required to refuse"
                          + " starting workspaces instead.",
                      reason));
      case REQUIRED ->
          sandboxUnavailable.ifPresent(
              reason ->
                  log.error(
                      "Workspace sandbox required but unavailable, workspaces will not start: {}",
                      reason));
    }
    if (sandboxed) {
      log.info("Workspace sandbox: bubblewrap {}", tools.bubblewrap().orElseThrow());
    }
    this.limiter = ResourceLimiter.detect(options.cgroupRoot(), tools);
    this.etc =
        sandboxed ? SandboxEtc.prepare(options.root().resolve(".sandbox").resolve("etc")) : null;
    this.agent = AgentInstall.prepare(options.root().resolve(".sandbox").resolve("agent"));
  }

  /** Ends the spawner thread; call after every workspace is stopped. */
  void close() {
    spawner.close();
  }

  boolean sandboxed() {
    return sandboxed;
  }

  ResourceLimiter.Mechanism limitMechanism() {
    return limiter.mechanism();
  }

  /** Fails with {@code SANDBOX_UNAVAILABLE} when the sandbox is required and missing. */
  void requireSandboxIfConfigured() {
    if (options.sandbox() == SandboxMode.REQUIRED && sandboxUnavailable.isPresent()) {
      throw new WorkspaceRuntimeException(
          ErrorCode.SANDBOX_UNAVAILABLE,
          "workspaces must run sandboxed (atelier.runtime.local.sandbox=required) but "
              + sandboxUnavailable.get());
    }
  }

  /** Applies the stack's limits and starts the sandbox of a workspace. */
  WorkspaceSession openSession(WorkspaceLayout layout, Stack stack) {
    WorkspaceLimits limits;
    try {
      limits = limiter.create(layout.id(), stack.resources());
    } catch (IOException e) {
      throw new WorkspaceRuntimeException(
          ErrorCode.START_FAILED, "cannot apply the stack's resource limits: " + e.getMessage(), e);
    }
    try {
      WorkspaceSandbox sandbox =
          sandboxed
              ? BubblewrapSandbox.start(
                  tools,
                  etc,
                  options.extraReadOnlyPaths(),
                  agent.bubblewrapArgs(),
                  layout.content(),
                  limits.commandPrefix(),
                  layout.sandboxLog(),
                  spawner)
              : new HostSandbox(tools, layout.content());
      return new WorkspaceSession(layout, stack, sandbox, limits, spawner, agent);
    } catch (IOException e) {
      limits.release();
      throw new WorkspaceRuntimeException(
          ErrorCode.START_FAILED, "cannot start the workspace sandbox: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      limits.release();
      throw e;
    }
  }
}
