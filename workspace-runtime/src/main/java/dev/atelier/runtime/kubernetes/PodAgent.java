package dev.atelier.runtime.kubernetes;

import dev.atelier.runtime.agent.AgentConnection;
import dev.atelier.runtime.agent.AgentLaunch;
import dev.atelier.runtime.agent.AgentStarts;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ContainerResource;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent of one workspace pod: started with the API server's exec in the workspace container
 * (from the read-only volume the {@code agent} init container filled, so the stack's image needs no
 * Java), reached over that exec's standard input and output. No port listens in the pod and only
 * the server, with its {@code pods/exec} permission, can open such a stream. A dead agent (killed
 * by the workspace user, crashed, broken protocol, exec stream lost) is started again on the next
 * use; five starts within a minute fail requests with {@code AGENT_UNAVAILABLE} until the workspace
 * is restarted.
 */
final class PodAgent {

  private static final Logger log = LoggerFactory.getLogger(PodAgent.class);
  static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
  private static final int MAX_LOG_LINE = 500;

  /**
   * Variables of the stack's image that would change how the agent's JVM starts: set aside as
   * {@code ATELIER_KEEP_<name>} (the agent gives them back to the processes it runs), then unset.
   */
  private static final String CLEAN_START =
      "for v in JAVA_TOOL_OPTIONS JDK_JAVA_OPTIONS _JAVA_OPTIONS CLASSPATH; do"
          + " eval \"[ -z \\\"\\${$v+x}\\\" ] || export ATELIER_KEEP_$v=\\\"\\$$v\\\"\"; done;"
          + " unset JAVA_TOOL_OPTIONS JDK_JAVA_OPTIONS _JAVA_OPTIONS CLASSPATH; exec \"$@\"";

  private final String workspaceId;
  private final Supplier<ContainerResource> container;
  private final Executor workers;
  private final Duration operationTimeout;
  private final AgentStarts starts;
  private AgentConnection connection;
  private volatile String lastError = "";
  private final Map<AgentConnection, ExecWatch> watches = new ConcurrentHashMap<>();
  private boolean closed;

  /**
   * @param container the workspace container of the running pod; throws {@code NOT_RUNNING} when
   *     the pod does not run
   * @param workers runs the kill of a lost agent, which is an exec of its own
   */
  PodAgent(
      String workspaceId,
      Supplier<ContainerResource> container,
      Executor workers,
      Duration operationTimeout) {
    this.workspaceId = workspaceId;
    this.starts = new AgentStarts(workspaceId);
    this.container = container;
    this.workers = workers;
    this.operationTimeout = operationTimeout;
  }

  /** The agent's command in the pod: Java and jar from the agent volume, serving the workspace. */
  static List<String> command() {
    List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", CLEAN_START, "atelier-agent"));
    argv.addAll(
        AgentLaunch.command(
            WorkspaceObjects.AGENT_MOUNT + "/jre/bin/java",
            WorkspaceObjects.AGENT_MOUNT
                + "/agent.jar:"
                + WorkspaceObjects.AGENT_MOUNT
                + "/jna.jar",
            PodScripts.ROOT));
    return argv;
  }

  /** The live connection, starting the agent when there is none; waits until it answered. */
  AgentConnection connection() {
    AgentConnection current = begin();
    try {
      current.awaitReady(READY_TIMEOUT);
    } catch (WorkspaceRuntimeException e) {
      String why = lastError(current);
      throw why.isEmpty()
          ? e
          : new WorkspaceRuntimeException(
              e.code(), e.getMessage() + " (the agent said: " + why + ")", e);
    }
    return current;
  }

  /**
   * The live connection if an agent runs (or is starting), never starting one: what a watch that
   * lost its agent uses, so its retries do not use up the starts meant for requests.
   */
  synchronized java.util.Optional<AgentConnection> running() {
    return closed || connection == null || !connection.isOpen()
        ? java.util.Optional.empty()
        : java.util.Optional.of(connection);
  }

  /** What the agent last wrote to its standard error, given a moment to arrive after its end. */
  private String lastError(AgentConnection failed) {
    ExecWatch watch = watches.get(failed);
    if (watch != null) {
      try {
        watch.exitCode().get(1, TimeUnit.SECONDS);
        Thread.sleep(100); // the log thread reads the last line after the exit status
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // no status: what was logged so far
      }
    }
    return lastError;
  }

  private synchronized AgentConnection begin() {
    if (closed) {
      throw new WorkspaceRuntimeException(
          ErrorCode.NOT_RUNNING, "workspace " + workspaceId + " is stopping");
    }
    if (connection != null && connection.isOpen()) {
      return connection;
    }
    ContainerResource target = container.get(); // NOT_RUNNING before a start is counted
    starts.count();
    if (connection != null) {
      log.info("Starting the agent of workspace {} again", workspaceId);
    }
    String execId = "agent-" + UUID.randomUUID();
    ExecWatch watch;
    try {
      watch =
          target
              .redirectingInput()
              .redirectingOutput()
              .redirectingError()
              .exec(
                  PodScripts.exec(execId, PodScripts.ROOT, Map.of(), command())
                      .toArray(String[]::new));
    } catch (KubernetesClientException e) {
      throw new WorkspaceRuntimeException(
          ErrorCode.AGENT_UNAVAILABLE,
          "cannot start the agent of workspace " + workspaceId + ": " + e.getMessage(),
          e);
    }
    lastError = "";
    drainLog(watch);
    AgentConnection started =
        new AgentConnection(
            workspaceId, watch.getOutput(), watch.getInput(), () -> end(watch, target, execId));
    watch.exitCode().whenComplete((code, failure) -> started.agentExited());
    watches.clear();
    watches.put(started, watch);
    connection = started;
    return started;
  }

  /**
   * Closing the exec stream does not end a process in Kubernetes: the agent ends on the end of its
   * input, and in case it does not, the exec kill script ends it.
   */
  private void end(ExecWatch watch, ContainerResource target, String execId) {
    watch.close();
    boolean exited = watch.exitCode().isDone();
    if (!exited) {
      workers.execute(
          () -> {
            try {
              PodCommand.run(target, PodScripts.kill(execId), null, operationTimeout);
            } catch (RuntimeException e) {
              log.debug("Could not kill the agent of {}: {}", workspaceId, e.getMessage());
            }
          });
    }
  }

  /** Ends the agent; later requests fail with {@code NOT_RUNNING}. */
  void close() {
    AgentConnection current;
    synchronized (this) {
      closed = true;
      current = connection;
    }
    if (current != null) {
      current.close();
    }
  }

  /** The agent's standard error is its log: bounded lines into the server's debug log. */
  private void drainLog(ExecWatch watch) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(
                      new InputStreamReader(watch.getError(), StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                  String bounded =
                      line.length() > MAX_LOG_LINE ? line.substring(0, MAX_LOG_LINE) : line;
                  if (!bounded.isBlank()) {
                    lastError = bounded.replaceAll("\\p{Cntrl}", "?");
                  }
                  log.debug("agent {}: {}", workspaceId, bounded);
                }
              } catch (IOException e) {
                // the exec ended
              }
            },
            "atelier-agent-log-" + workspaceId);
    thread.setDaemon(true);
    thread.start();
  }
}
