package dev.atelier.runtime.spi;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Provisions and runs workspaces. Implementations are thread-safe; every method may be called for
 * different workspaces concurrently. Methods that take a while return a {@link CompletableFuture}
 * and report progress as {@link RuntimeEvent}s to the {@link RuntimeEventListener}s subscribed
 * through {@link #subscribe}.
 *
 * <p>Failures are reported as {@link WorkspaceRuntimeException} (directly or as the cause of an
 * exceptionally completed future) with an {@link WorkspaceRuntimeException.ErrorCode} and a message
 * a user can act on.
 */
public interface WorkspaceRuntime {

  /**
   * Short name of this implementation, as used in {@code atelier.runtime.type}: local, kubernetes.
   */
  String type();

  /**
   * Brings a workspace to {@link Phase#RUNNING}: creates its storage when missing ({@link
   * Phase#CREATING}), initialises the content on first start (clone, {@code postCreateCommand}:
   * {@link Phase#INITIALIZING}), applies resource limits, runs {@code postStartCommand} and reports
   * {@link Phase#RUNNING}. Content that already exists is kept (a restart after stop).
   *
   * <p>When the cloned repository has {@code .atelier/stack.json} or {@code
   * .devcontainer/devcontainer.json}, that stack replaces {@code spec.stack()} and is returned.
   *
   * @return completes with the stack the workspace effectively runs, or exceptionally with a {@link
   *     WorkspaceRuntimeException} (e.g. {@code CLONE_FAILED}, {@code STACK_INVALID})
   */
  CompletableFuture<StartResult> start(WorkspaceSpec spec);

  /**
   * Stops every process of the workspace (the whole process tree) and releases its compute
   * resources; the content is kept. Stopping a workspace that is not running completes normally.
   */
  CompletableFuture<Void> stop(String workspaceId);

  /** Stops the workspace if needed and removes its content and storage. */
  CompletableFuture<Void> delete(String workspaceId);

  /**
   * Runs a command inside a running workspace (sandbox or pod), with or without a PTY.
   *
   * @throws WorkspaceRuntimeException {@code NOT_RUNNING} when the workspace is not running
   */
  ExecProcess exec(String workspaceId, ExecRequest request);

  /** File access rooted at the workspace's {@code /workspace} folder. */
  WorkspaceFiles files(String workspaceId);

  /** Ports that processes of this workspace are listening on, ascending. */
  List<ListeningPort> listeningPorts(String workspaceId);

  /**
   * Connects to {@code port} on the workspace's own loopback address, from inside the workspace:
   * what the preview proxy uses. The runtime makes sure the connection reaches the workspace and
   * nothing else: where workspaces have a network of their own (a sandbox's network namespace, a
   * pod) any port of it; where one shares the host's network, only a port a process of the
   * workspace listens on ({@code PORT_UNREACHABLE} otherwise).
   *
   * @throws WorkspaceRuntimeException {@code NOT_RUNNING} when the workspace is not running, {@code
   *     PORT_UNREACHABLE} when nothing accepts the connection, {@code UNSUPPORTED} when this
   *     runtime cannot reach workspace ports
   */
  default PortConnection openPort(String workspaceId, int port) {
    throw new WorkspaceRuntimeException(
        WorkspaceRuntimeException.ErrorCode.UNSUPPORTED,
        "the " + type() + " runtime cannot reach workspace ports from the server");
  }

  /**
   * The command line that runs {@code tool} inside the workspace with {@code args}, for {@link
   * #exec}: the runtime packs the tool's classes from the server's class path (once, again when
   * they change) and makes the jar readable, never writable, inside the workspace.
   *
   * @throws WorkspaceRuntimeException {@code UNSUPPORTED} when this runtime cannot run tools,
   *     {@code NOT_RUNNING} when the workspace is not running, {@code START_FAILED} when the tool's
   *     classes are not on the server's class path
   */
  default List<String> toolCommand(String workspaceId, WorkspaceTool tool, List<String> args) {
    throw new WorkspaceRuntimeException(
        WorkspaceRuntimeException.ErrorCode.UNSUPPORTED,
        "the " + type() + " runtime cannot run Atelier's own tools (" + tool.id() + ") yet");
  }

  /**
   * Ids of the workspaces that currently have live resources (processes, pods) in this runtime. The
   * server compares it with the database on start-up (reconcile).
   */
  Set<String> activeWorkspaces();

  /** Receives status events of every workspace; closing the returned handle unsubscribes. */
  AutoCloseable subscribe(RuntimeEventListener listener);
}
