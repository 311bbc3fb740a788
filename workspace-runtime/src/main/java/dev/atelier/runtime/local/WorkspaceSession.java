package dev.atelier.runtime.local;

import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import dev.atelier.stacks.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live part of a started workspace: its sandbox, its limits, the stack it runs and the
 * processes started through it. Exists from the moment the sandbox is up until stop.
 */
final class WorkspaceSession {

  private static final Logger log = LoggerFactory.getLogger(WorkspaceSession.class);
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);

  private final WorkspaceLayout layout;
  private final Stack stack;
  private final WorkspaceSandbox sandbox;
  private final WorkspaceLimits limits;
  private final ProcessSpawner spawner;
  private final Set<LocalExecProcess> processes = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  WorkspaceSession(
      WorkspaceLayout layout,
      Stack stack,
      WorkspaceSandbox sandbox,
      WorkspaceLimits limits,
      ProcessSpawner spawner) {
    this.layout = layout;
    this.spawner = spawner;
    this.stack = stack;
    this.sandbox = sandbox;
    this.limits = limits;
  }

  Stack stack() {
    return stack;
  }

  WorkspaceSandbox sandbox() {
    return sandbox;
  }

  /**
   * Starts a process in the workspace; {@code mergeErrors} sends stderr into stdout (no PTY only).
   */
  LocalExecProcess exec(ExecRequest request, boolean mergeErrors) {
    if (closed) {
      throw new WorkspaceRuntimeException(
          ErrorCode.NOT_RUNNING, "workspace " + layout.id() + " is stopping");
    }
    String cwd = checkedCwd(request.cwd());
    boolean pty = request.pty() != null;
    Map<String, String> env = new LinkedHashMap<>(sandbox.defaultEnv(pty));
    env.putAll(stack.containerEnv());
    env.putAll(request.env());
    List<String> argv = new ArrayList<>(limits.commandPrefix());
    argv.addAll(sandbox.wrap(request.command(), cwd, pty));
    LocalExecProcess process;
    try {
      process =
          LocalExecProcess.start(spawner, argv, env, layout.content(), request.pty(), mergeErrors);
    } catch (IOException e) {
      throw new WorkspaceRuntimeException(
          ErrorCode.START_FAILED,
          "cannot start " + request.command().get(0) + ": " + e.getMessage(),
          e);
    }
    processes.add(process);
    process.onExit().whenComplete((code, error) -> processes.remove(process));
    if (closed) {
      process.kill(); // stop ran while it was starting
    }
    return process;
  }

  private String checkedCwd(String cwd) {
    String relative = new LocalWorkspaceFiles(layout.id(), layout.content()).normalize(cwd);
    Path dir = layout.content().resolve(relative);
    if (!Files.isDirectory(dir)) {
      throw new WorkspaceRuntimeException(
          ErrorCode.FILE_NOT_FOUND,
          "working directory '" + relative + "' does not exist in the workspace");
    }
    return relative;
  }

  /** Host pids of every process of the workspace that can be found. */
  Set<Long> pids() {
    Set<Long> pids = new LinkedHashSet<>(limits.pids());
    pids.addAll(sandbox.pids());
    for (LocalExecProcess process : processes) {
      pids.addAll(process.treePids());
    }
    return pids;
  }

  boolean isAlive() {
    return !closed && sandbox.isAlive();
  }

  /** Kills every process of the workspace and releases its sandbox and limits. Idempotent. */
  void shutdown() {
    closed = true;
    Set<Long> before = pids();
    List<LocalExecProcess> started = List.copyOf(processes);
    for (LocalExecProcess process : started) {
      process.kill();
    }
    sandbox.kill();
    limits.release();
    awaitGone(started, before);
  }

  /**
   * Waits (briefly) until the killed processes are reaped too, so that a completed stop means no
   * process of the workspace is left, not even one the kernel is still tearing down.
   */
  private static void awaitGone(List<LocalExecProcess> started, Set<Long> pids) {
    long deadline = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
    for (LocalExecProcess process : started) {
      try {
        process.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | TimeoutException e) {
        // reported below if it is still there
      }
    }
    for (long pid : pids) {
      Optional<ProcessHandle> handle = ProcessHandle.of(pid);
      while (handle.isPresent() && handle.get().isAlive() && System.nanoTime() < deadline) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (handle.isPresent() && handle.get().isAlive()) {
        log.warn("Process {} is still there after stop", pid);
      }
    }
  }
}
