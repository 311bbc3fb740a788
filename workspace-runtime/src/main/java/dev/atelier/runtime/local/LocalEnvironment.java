package dev.atelier.runtime.local;

import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import dev.atelier.stacks.NetworkAccess;
import dev.atelier.stacks.Stack;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this host offers the local runtime, decided once at start-up: whether workspaces are
 * sandboxed (and if not, why), as which host uid, whether they can get outbound network access (the
 * egress filter is installed here), how limits are enforced, and the sandbox's generated {@code
 * /etc}. Opens a {@link WorkspaceSession} (limits, then sandbox) for a starting workspace.
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
  private final Optional<HostIdentity> identity;
  private final Optional<String> outboundUnavailable;

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
    boolean root = HostIdentity.serverIsRoot();
    if (root && sandboxed) {
      log.warn(
          "The server runs as root. Sandboxes run as uid {} / gid {} (atelier.runtime.local"
              + ".sandbox-uid/-gid), but a flaw in the server itself would be root's: run it as a"
              + " dedicated unprivileged user (see docs/security.md).",
          options.sandboxUid(),
          options.sandboxGid());
    } else if (root) {
      log.warn(
          "The server runs as root and workspaces run UNSANDBOXED: their processes are host root."
              + " Install bubblewrap, and run the server as a dedicated unprivileged user (see"
              + " docs/security.md).");
    }
    this.identity =
        sandboxed && root
            ? Optional.of(new HostIdentity(options.sandboxUid(), options.sandboxGid()))
            : Optional.empty();
    this.outboundUnavailable = sandboxed ? outboundUnavailable(options, tools) : Optional.empty();
    if (sandboxed) {
      logNetwork();
    } else if (options.network() == NetworkMode.NONE) {
      log.warn(
          "atelier.runtime.local.network=none has no effect without the sandbox: unsandboxed"
              + " workspaces use the host's network");
    }
    this.limiter = ResourceLimiter.detect(options.cgroupRoot(), tools);
    this.etc =
        sandboxed ? SandboxEtc.prepare(options.root().resolve(".sandbox").resolve("etc")) : null;
    this.agent = AgentInstall.prepare(options.root().resolve(".sandbox").resolve("agent"));
  }

  private static Optional<String> outboundUnavailable(
      LocalRuntimeOptions options, HostTools tools) {
    if (options.network() == NetworkMode.NONE) {
      return Optional.of("outbound access is off (atelier.runtime.local.network=none)");
    }
    if (tools.slirp4netns().isEmpty()) {
      return Optional.of("slirp4netns was not found (Debian/Ubuntu: apt-get install slirp4netns)");
    }
    return EgressFilter.install(tools, options.networkGid());
  }

  private void logNetwork() {
    switch (options.network()) {
      case NONE ->
          log.info("Workspace network: loopback only (atelier.runtime.local.network=none)");
      case AUTO ->
          outboundUnavailable.ifPresentOrElse(
              reason ->
                  log.warn(
                      "Workspaces get NO outbound network access (loopback only): {}. Outbound"
                          + " access needs the egress filter that keeps the host unreachable;"
                          + " set atelier.runtime.local.network=none to silence this warning.",
                      reason),
              () -> log.info("Workspace network: outbound through slirp4netns, host unreachable"));
      case OUTBOUND ->
          outboundUnavailable.ifPresentOrElse(
              reason ->
                  log.error(
                      "Outbound network access required but unavailable, workspaces will not"
                          + " start: {}",
                      reason),
              () -> log.info("Workspace network: outbound through slirp4netns, host unreachable"));
    }
  }

  /** The host uid/gid sandboxes run as, when it is not the server's own. */
  Optional<HostIdentity> identity() {
    return identity;
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

  /**
   * The network group when this workspace gets outbound access; fails when the server requires it
   * and it is unavailable (unless the stack asks for none).
   */
  private OptionalInt outboundGid(Stack stack) {
    if (options.network() == NetworkMode.NONE || stack.network() == NetworkAccess.NONE) {
      return OptionalInt.empty();
    }
    if (outboundUnavailable.isPresent()) {
      if (options.network() == NetworkMode.OUTBOUND) {
        throw new WorkspaceRuntimeException(
            ErrorCode.START_FAILED,
            "workspaces must have outbound network access (atelier.runtime.local.network=outbound)"
                + " but "
                + outboundUnavailable.get());
      }
      return OptionalInt.empty();
    }
    return OptionalInt.of(options.networkGid());
  }

  /** Applies the stack's limits and starts the sandbox of a workspace. */
  WorkspaceSession openSession(WorkspaceLayout layout, Stack stack) {
    OptionalInt outboundGid = sandboxed ? outboundGid(stack) : OptionalInt.empty();
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
                  agent,
                  identity,
                  outboundGid,
                  limits.commandPrefix(),
                  layout,
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
