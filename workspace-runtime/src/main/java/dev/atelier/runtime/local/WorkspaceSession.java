package dev.atelier.runtime.local;

import dev.atelier.runtime.agent.AgentExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import dev.atelier.runtime.spi.WorkspaceTool;
import dev.atelier.stacks.Stack;
import java.io.IOException;
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
  private final AgentProcess agent;
  private final AgentInstall agentInstall;
  private volatile boolean closed;

  WorkspaceSession(
      WorkspaceLayout layout,
      Stack stack,
      WorkspaceSandbox sandbox,
      WorkspaceLimits limits,
      ProcessSpawner spawner,
      AgentInstall agentInstall) {
    this.layout = layout;
    this.spawner = spawner;
    this.stack = stack;
    this.sandbox = sandbox;
    this.limits = limits;
    this.agentInstall = agentInstall;
    this.agent = new AgentProcess(layout.id(), () -> spawnAgent(agentInstall));
  }

  /** The command line of one of the server's tools in this workspace (see {@link AgentInstall}). */
  List<String> toolCommand(WorkspaceTool tool, List<String> args) {
    return agentInstall.toolCommand(tool, args, sandbox instanceof BubblewrapSandbox);
  }

  /** The workspace's agent, started (again) when needed. */
  AgentProcess agent() {
    return agent;
  }

  private LocalExecProcess spawnAgent(AgentInstall install) {
    if (closed) {
      throw new WorkspaceRuntimeException(
          ErrorCode.NOT_RUNNING, "workspace " + layout.id() + " is stopping");
    }
    List<String> argv = new ArrayList<>(limits.commandPrefix());
    argv.addAll(sandbox.wrap(AgentProcess.command(install, sandbox, layout), "", false));
    try {
      LocalExecProcess process =
          LocalExecProcess.start(
              spawner, argv, AgentProcess.environment(sandbox), layout.content(), false);
      PipeBuffers.enlarge(process.pid());
      processes.add(process);
      process.onExit().whenComplete((code, error) -> processes.remove(process));
      return process;
    } catch (IOException e) {
      throw new WorkspaceRuntimeException(
          ErrorCode.AGENT_UNAVAILABLE, "cannot start the workspace agent: " + e.getMessage(), e);
    }
  }

  Stack stack() {
    return stack;
  }

  WorkspaceSandbox sandbox() {
    return sandbox;
  }

  /**
   * Runs a process through the workspace's agent (terminals, tasks, language servers): the agent
   * starts it inside the sandbox and carries its streams, so the server holds no PTY or pipe of a
   * workspace process. Its environment is the sandbox's defaults, the stack's {@code containerEnv},
   * then the request's.
   */
  AgentExecProcess execThroughAgent(ExecRequest request) {
    if (closed) {
      throw new WorkspaceRuntimeException(
          ErrorCode.NOT_RUNNING, "workspace " + layout.id() + " is stopping");
    }
    Map<String, String> env = new LinkedHashMap<>(sandbox.defaultEnv(request.pty() != null));
    env.putAll(stack.containerEnv());
    env.putAll(request.env());
    return AgentExecProcess.start(agent.connection(), request, env);
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
    agent.close();
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
