package dev.atelier.runtime.local;

import dev.atelier.runtime.agent.AgentConnection;
import dev.atelier.runtime.agent.AgentStarts;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent of one running workspace: started inside the sandbox as a workspace process (so the
 * workspace's limits count it), reached over its standard input and output — a pipe pair only the
 * server holds, so no path or port exists that another workspace or host user could connect to. A
 * dead agent (killed by the workspace user, crashed, broken protocol) is started again on the next
 * use; five starts within a minute mean something in the workspace keeps killing it, and requests
 * then fail with {@code AGENT_UNAVAILABLE} until the oldest of those starts is a minute old (or the
 * workspace is restarted).
 */
final class AgentProcess {

  private static final Logger log = LoggerFactory.getLogger(AgentProcess.class);
  static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
  private static final int MAX_LOG_LINE = 500;

  private final String workspaceId;
  private final Supplier<LocalExecProcess> spawn;
  private final AgentStarts starts;
  private AgentConnection connection;
  private LocalExecProcess process;
  private boolean closed;

  /**
   * @param spawn starts the agent's process (its command, environment and sandbox)
   */
  AgentProcess(String workspaceId, Supplier<LocalExecProcess> spawn) {
    this.workspaceId = workspaceId;
    this.starts = new AgentStarts(workspaceId);
    this.spawn = spawn;
  }

  /** The live connection, starting the agent when there is none; waits until it is ready. */
  AgentConnection connection() {
    AgentConnection current = begin();
    current.awaitReady(READY_TIMEOUT);
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

  /** Starts the agent if needed without waiting for it (workspace start overlaps the two). */
  synchronized AgentConnection begin() {
    if (closed) {
      throw new WorkspaceRuntimeException(
          ErrorCode.NOT_RUNNING, "workspace " + workspaceId + " is stopping");
    }
    if (connection != null && connection.isOpen()) {
      return connection;
    }
    starts.count();
    if (connection != null) {
      log.info("Starting the agent of workspace {} again", workspaceId);
    }
    LocalExecProcess started = spawn.get();
    process = started;
    drainLog(started);
    connection = new AgentConnection(workspaceId, started.stdout(), started.stdin(), started::kill);
    started.onExit().thenRun(connection::agentExited);
    return connection;
  }

  /** Ends the agent; later requests fail with {@code NOT_RUNNING}. */
  void close() {
    AgentConnection current;
    LocalExecProcess running;
    synchronized (this) {
      closed = true;
      current = connection;
      running = process;
    }
    if (current != null) {
      current.close();
    }
    if (running != null) {
      running.kill();
    }
  }

  /**
   * The agent's standard error is its log. It is read as bytes into lines of at most {@value
   * #MAX_LOG_LINE} characters (the rest of a longer line is skipped, never buffered): whoever
   * controls the workspace can write anything there. The agent writes only when something is wrong
   * (it cannot start, its connection broke), so the first lines are warnings and a flood is not.
   */
  private void drainLog(LocalExecProcess started) {
    Thread thread =
        new Thread(
            () -> {
              try (InputStream in = started.stderr()) {
                byte[] line = new byte[MAX_LOG_LINE];
                int length = 0;
                int lines = 0;
                for (int b; (b = in.read()) >= 0; ) {
                  if (b == '\n') {
                    logLine(new String(line, 0, length, StandardCharsets.UTF_8), lines++);
                    length = 0;
                  } else if (length < line.length) {
                    line[length++] = (byte) b;
                  }
                }
                if (length > 0) {
                  logLine(new String(line, 0, length, StandardCharsets.UTF_8), lines);
                }
              } catch (IOException e) {
                // the agent ended
              }
            },
            "atelier-agent-log-" + workspaceId);
    thread.setDaemon(true);
    thread.start();
  }

  private void logLine(String line, int index) {
    if (index < 20) {
      log.warn("Agent of workspace {}: {}", workspaceId, line);
    } else {
      log.debug("Agent of workspace {}: {}", workspaceId, line);
    }
  }

  /** The environment of the agent: the sandbox's defaults only, never the stack's variables. */
  static Map<String, String> environment(WorkspaceSandbox sandbox) {
    return sandbox.defaultEnv(false);
  }

  static List<String> command(
      AgentInstall install, WorkspaceSandbox sandbox, WorkspaceLayout layout) {
    return sandbox instanceof BubblewrapSandbox
        ? install.sandboxCommand(sandbox.workspacePath())
        : install.hostCommand(layout.content());
  }
}
