package dev.atelier.server.terminal;

import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.ExecRequest.PtySize;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.events.EventBus;
import dev.atelier.server.events.WorkspaceDeletedEvent;
import dev.atelier.server.events.WorkspaceStatusEvent;
import dev.atelier.server.limits.WorkspaceLimits;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * The terminals of every workspace, kept in memory: a terminal lives until it is closed, its
 * workspace stops or is deleted, or the server stops. Access checks are the caller's job (REST
 * controller, socket handler, terminal panel): terminals need {@code WRITE}.
 */
@Service
public class TerminalService implements DisposableBean {

  /** Printable characters, 1–40 of them. */
  static final Pattern NAME = Pattern.compile("[^\\p{Cntrl}]{1,40}");

  /** A new terminal's size until the browser sends its real one. */
  static final PtySize DEFAULT_SIZE = new PtySize(80, 24);

  private static final Logger log = LoggerFactory.getLogger(TerminalService.class);
  private static final Pattern ID = Pattern.compile("[a-f0-9]{12}");

  private final WorkspaceRuntime runtime;
  private final TerminalProperties properties;
  private final WorkspaceLimits limits;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Map<String, TerminalSession>> byWorkspace = new ConcurrentHashMap<>();
  private final List<AutoCloseable> subscriptions;

  public TerminalService(
      WorkspaceRuntime runtime,
      TerminalProperties properties,
      WorkspaceLimits limits,
      EventBus bus) {
    this.runtime = runtime;
    this.properties = properties;
    this.limits = limits;
    this.subscriptions =
        List.of(
            bus.subscribe(
                WorkspaceStatusEvent.class,
                e -> {
                  if (e.phase() == Phase.STOPPING
                      || e.phase() == Phase.STOPPED
                      || e.phase() == Phase.FAILED) {
                    closeAll(e.workspaceId());
                  }
                }),
            bus.subscribe(WorkspaceDeletedEvent.class, e -> closeAll(e.workspaceId())));
  }

  /**
   * Starts a shell in the workspace folder.
   *
   * @param name the tab title, or {@code null} for "Terminal N"
   * @param size the browser's terminal size, or {@code null} for 80×24 until it connects
   * @throws AtelierException {@code VALIDATION_FAILED} for a bad name or size, {@code
   *     QUOTA_EXCEEDED} when the workspace has {@code atelier.workspace.limits.max-terminals}
   *     terminals, {@code WRONG_STATE} when the workspace is not running
   */
  public Terminal create(String workspaceId, String name, PtySize size) {
    Map<String, TerminalSession> terminals =
        byWorkspace.computeIfAbsent(workspaceId, k -> new ConcurrentHashMap<>());
    PtySize pty = size == null ? DEFAULT_SIZE : checkSize(size.columns(), size.rows());
    String title;
    String id = HexFormat.of().formatHex(randomBytes());
    synchronized (terminals) {
      if (terminals.size() >= limits.maxTerminals()) {
        throw new AtelierException(
            ErrorCode.QUOTA_EXCEEDED,
            "This workspace has "
                + terminals.size()
                + " terminals, the most allowed; close one first.");
      }
      title = name == null || name.isBlank() ? nextName(terminals) : checkName(name);
      ExecProcess process = exec(workspaceId, pty);
      TerminalSession session =
          new TerminalSession(
              workspaceId, id, title, process, (int) properties.scrollback().toBytes());
      terminals.put(id, session);
      session.start(ended -> log.debug("Terminal {}/{} ended", workspaceId, ended.id()));
      return session.describe();
    }
  }

  private ExecProcess exec(String workspaceId, PtySize pty) {
    Map<String, String> env =
        Map.of("TERM", "xterm-256color", "COLORTERM", "truecolor", "LANG", "C.UTF-8");
    try {
      return runtime.exec(workspaceId, new ExecRequest(properties.shell(), env, null, pty));
    } catch (WorkspaceRuntimeException e) {
      if (e.code() == WorkspaceRuntimeException.ErrorCode.NOT_RUNNING) {
        throw new AtelierException(
            ErrorCode.WRONG_STATE,
            "Workspace " + workspaceId + " is not running: start it to open a terminal.");
      }
      throw new AtelierException(
          ErrorCode.RUNTIME_UNAVAILABLE,
          "Could not start a shell in workspace " + workspaceId + ": " + e.getMessage(),
          Map.of(),
          e);
    }
  }

  /** The workspace's terminals, oldest first. */
  public List<Terminal> list(String workspaceId) {
    return byWorkspace.getOrDefault(workspaceId, Map.of()).values().stream()
        .map(TerminalSession::describe)
        .sorted(Comparator.comparing(Terminal::createdAt).thenComparing(Terminal::id))
        .toList();
  }

  /**
   * Renames a terminal.
   *
   * @throws AtelierException {@code TERMINAL_NOT_FOUND}, {@code VALIDATION_FAILED}
   */
  public Terminal rename(String workspaceId, String terminalId, String name) {
    TerminalSession session = require(workspaceId, terminalId);
    session.rename(checkName(name));
    return session.describe();
  }

  /**
   * Ends the terminal's shell with everything it started and forgets the terminal; connected
   * browsers are told it exited.
   *
   * @throws AtelierException {@code TERMINAL_NOT_FOUND}
   */
  public void close(String workspaceId, String terminalId) {
    TerminalSession session = require(workspaceId, terminalId);
    byWorkspace.getOrDefault(workspaceId, Map.of()).remove(terminalId);
    session.kill();
  }

  /** Ends every terminal of the workspace (it stops or was deleted). */
  public void closeAll(String workspaceId) {
    Map<String, TerminalSession> terminals = byWorkspace.remove(workspaceId);
    if (terminals != null) {
      terminals.values().forEach(TerminalSession::kill);
    }
  }

  /** The live session behind an id, for the socket handler. */
  Optional<TerminalSession> find(String workspaceId, String terminalId) {
    if (terminalId == null || !ID.matcher(terminalId).matches()) {
      return Optional.empty();
    }
    return Optional.ofNullable(byWorkspace.getOrDefault(workspaceId, Map.of()).get(terminalId));
  }

  private TerminalSession require(String workspaceId, String terminalId) {
    return find(workspaceId, terminalId)
        .orElseThrow(
            () ->
                new AtelierException(
                    ErrorCode.TERMINAL_NOT_FOUND,
                    "Workspace "
                        + workspaceId
                        + " has no terminal '"
                        + terminalId
                        + "'; list them with GET /api/workspaces/"
                        + workspaceId
                        + "/terminals."));
  }

  static PtySize checkSize(int columns, int rows) {
    if (columns < 1 || rows < 1 || columns > 1000 || rows > 500) {
      throw new AtelierException(
          ErrorCode.VALIDATION_FAILED,
          "A terminal size must be 1-1000 columns and 1-500 rows; got "
              + columns
              + "x"
              + rows
              + ".");
    }
    return new PtySize(columns, rows);
  }

  private static String checkName(String name) {
    String stripped = name == null ? "" : name.strip();
    if (!NAME.matcher(stripped).matches()) {
      throw new AtelierException(
          ErrorCode.VALIDATION_FAILED,
          "A terminal name must be 1-40 printable characters; got '" + name + "'.");
    }
    return stripped;
  }

  private static String nextName(Map<String, TerminalSession> terminals) {
    for (int n = 1; ; n++) {
      String candidate = "Terminal " + n;
      if (terminals.values().stream().noneMatch(t -> t.describe().name().equals(candidate))) {
        return candidate;
      }
    }
  }

  private byte[] randomBytes() {
    byte[] bytes = new byte[6];
    random.nextBytes(bytes);
    return bytes;
  }

  @Override
  public void destroy() {
    for (AutoCloseable subscription : subscriptions) {
      try {
        subscription.close();
      } catch (Exception e) {
        log.debug("Unsubscribing failed", e);
      }
    }
    byWorkspace.keySet().forEach(this::closeAll);
  }
}
