package dev.atelier.runtime.kubernetes;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import dev.atelier.agent.Agent;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CRUD mock API server plus what a kubelet does for exec: an exec request (a WebSocket on
 * {@code pods/<name>/exec}, protocol {@code v4.channel.k8s.io}) runs its command on this machine,
 * with {@code /workspace} standing for a per-pod test folder, in a PTY (pty4j) when {@code
 * tty=true}; stdin, stdout, stderr, resize and the exit status travel on the protocol's channels.
 * Like a kubelet, it does not kill the process when the stream closes.
 *
 * <p>An exec of the workspace agent ({@code … dev.atelier.agent.Agent /workspace}) runs a real
 * {@link Agent} on a thread of this JVM instead, serving the pod's test folder over the exec's
 * stdin and stdout, so file tests exercise the real agent through the Kubernetes exec path. {@link
 * #killAgents} makes those agents die as if the workspace user killed them.
 *
 * <p>It also records every request with its User-Agent, so a test can list the API calls one client
 * made.
 */
final class FakeKubelet extends Dispatcher {

  /** One recorded API request. */
  record Call(String method, String path, String userAgent) {}

  private static final Pattern EXEC =
      Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/exec\\?(.*)$");

  private final Dispatcher crud = new KubernetesMixedDispatcher(new HashMap<>());
  private final Function<String, Path> workspaces;
  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Process> processes = new ConcurrentHashMap<>();
  private final List<InProcessAgent> agents = new CopyOnWriteArrayList<>();

  /**
   * @param workspaces the folder standing for {@code /workspace} of a pod, by pod name
   */
  FakeKubelet(Function<String, Path> workspaces) {
    this.workspaces = workspaces;
  }

  List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    calls.add(new Call(request.getMethod(), request.getPath(), request.getHeader("User-Agent")));
    Matcher exec = EXEC.matcher(request.getPath());
    if ("GET".equals(request.getMethod()) && exec.matches()) {
      return exec(exec.group(2), query(exec.group(3)));
    }
    return crud.dispatch(request);
  }

  /** The agent execs that ran in a pod so far (live or ended). */
  int agentStarts(String pod) {
    return (int) agents.stream().filter(agent -> agent.pod.equals(pod)).count();
  }

  /** The argument vector of the last agent exec. */
  List<String> lastAgentCommand() {
    return agents.isEmpty() ? List.of() : agents.get(agents.size() - 1).argv;
  }

  /** Ends every live agent of a pod, as {@code kill} inside the workspace would. */
  void killAgents(String pod) {
    agents.stream().filter(agent -> agent.pod.equals(pod)).forEach(InProcessAgent::kill);
  }

  @Override
  public void shutdown() {
    agents.forEach(InProcessAgent::kill);
    processes.values().forEach(Process::destroyForcibly);
    crud.shutdown();
  }

  private MockResponse exec(String pod, Map<String, List<String>> query) {
    String root = workspaces.apply(pod).toString();
    List<String> argv = new ArrayList<>();
    for (String arg : query.getOrDefault("command", List.of())) {
      argv.add(
          arg.equals(PodScripts.ROOT) || arg.startsWith(PodScripts.ROOT + "/")
              ? root + arg.substring(PodScripts.ROOT.length())
              : arg);
    }
    boolean tty = "true".equals(first(query, "tty"));
    if (argv.contains(Agent.class.getName())) {
      return new MockResponse()
          .withWebSocketUpgrade(new AgentSession(new InProcessAgent(pod, argv, root)));
    }
    return new MockResponse().withWebSocketUpgrade(new Session(argv, tty));
  }

  private static Map<String, List<String>> query(String text) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    for (String pair : text.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return query;
  }

  private static String first(Map<String, List<String>> query, String key) {
    List<String> values = query.get(key);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** One exec stream. */
  private final class Session extends WebSocketListener {
    private final List<String> argv;
    private final boolean tty;
    private volatile Process process;

    Session(List<String> argv, boolean tty) {
      this.argv = argv;
      this.tty = tty;
    }

    @Override
    public void onOpen(WebSocket ws, Response response) {
      try {
        process =
            tty
                ? new PtyProcessBuilder(argv.toArray(String[]::new))
                    .setEnvironment(new HashMap<>(System.getenv()))
                    .setInitialColumns(80)
                    .setInitialRows(24)
                    .start()
                : new ProcessBuilder(argv).start();
      } catch (IOException e) {
        send(ws, 3, failure(127, "cannot start " + argv + ": " + e.getMessage()));
        ws.close(1000, "");
        return;
      }
      processes.put(Integer.toHexString(System.identityHashCode(this)), process);
      Thread out = pump(process.getInputStream(), ws, 1);
      Thread err = tty ? null : pump(process.getErrorStream(), ws, 2);
      Thread waiter =
          new Thread(
              () -> {
                try {
                  int code = process.waitFor();
                  out.join(2000);
                  if (err != null) {
                    err.join(2000);
                  }
                  send(
                      ws,
                      3,
                      code == 0
                          ? "{\"metadata\":{},\"status\":\"Success\"}"
                          : failure(code, "non-zero exit"));
                  ws.close(1000, "");
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "fake-kubelet-wait");
      waiter.setDaemon(true);
      waiter.start();
    }

    @Override
    public void onMessage(WebSocket ws, byte[] bytes) {
      if (bytes.length == 0 || process == null) {
        return;
      }
      try {
        if (bytes[0] == 0) {
          OutputStream stdin = process.getOutputStream();
          // A copy: pty4j's PTYOutputStream mishandles a non-zero offset.
          stdin.write(java.util.Arrays.copyOfRange(bytes, 1, bytes.length));
          stdin.flush();
        } else if (bytes[0] == 4 && process instanceof PtyProcess pty) {
          String json = new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8);
          Matcher width = Pattern.compile("\"Width\"\\s*:\\s*(\\d+)").matcher(json);
          Matcher height = Pattern.compile("\"Height\"\\s*:\\s*(\\d+)").matcher(json);
          if (width.find() && height.find()) {
            pty.setWinSize(
                new WinSize(Integer.parseInt(width.group(1)), Integer.parseInt(height.group(1))));
          }
        }
      } catch (IOException e) {
        // the process closed its stdin
      }
    }

    @Override
    public void onClosing(WebSocket ws, int code, String reason) {
      closeStdin();
    }

    @Override
    public void onClosed(WebSocket ws, int code, String reason) {
      closeStdin();
    }

    private void closeStdin() {
      Process current = process;
      if (current != null && !tty) {
        try {
          current.getOutputStream().close();
        } catch (IOException e) {
          // already closed
        }
      }
    }
  }

  /** A real agent on a thread, serving the pod's folder over two pipes. */
  private static final class InProcessAgent {
    final String pod;
    final List<String> argv;
    final Pipe toAgent;
    final Pipe fromAgent;
    final CompletableFuture<Integer> exit = new CompletableFuture<>();

    InProcessAgent(String pod, List<String> argv, String root) {
      this.pod = pod;
      this.argv = List.copyOf(argv);
      try {
        toAgent = Pipe.open();
        fromAgent = Pipe.open();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Agent agent =
          new Agent(
              Path.of(argv.get(argv.size() - 1).equals(root) ? root : "/nonexistent"),
              Channels.newInputStream(toAgent.source()),
              Channels.newOutputStream(fromAgent.sink()));
      Thread thread =
          new Thread(
              () -> {
                agent.run();
                closeQuietly(fromAgent.sink());
                exit.complete(0);
              },
              "fake-kubelet-agent-" + pod);
      thread.setDaemon(true);
      thread.start();
    }

    void kill() {
      closeQuietly(toAgent.sink());
      closeQuietly(fromAgent.sink());
      exit.complete(137);
    }

    private static void closeQuietly(java.io.Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  /** The exec stream of an in-process agent. */
  private final class AgentSession extends WebSocketListener {
    private final InProcessAgent agent;
    private final OutputStream stdin;

    AgentSession(InProcessAgent agent) {
      this.agent = agent;
      this.stdin = Channels.newOutputStream(agent.toAgent.sink());
      agents.add(agent);
    }

    @Override
    public void onOpen(WebSocket ws, Response response) {
      Thread out = pump(Channels.newInputStream(agent.fromAgent.source()), ws, 1);
      agent.exit.thenAccept(
          code -> {
            try {
              out.join(2000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            send(
                ws,
                3,
                code == 0 ? "{\"metadata\":{},\"status\":\"Success\"}" : failure(code, "killed"));
            ws.close(1000, "");
          });
    }

    @Override
    public void onMessage(WebSocket ws, byte[] bytes) {
      if (bytes.length > 0 && bytes[0] == 0) {
        try {
          stdin.write(bytes, 1, bytes.length - 1);
          stdin.flush();
        } catch (IOException e) {
          // the agent ended
        }
      }
    }

    @Override
    public void onClosing(WebSocket ws, int code, String reason) {
      InProcessAgent.closeQuietly(agent.toAgent.sink()); // end of input: the agent stops
    }

    @Override
    public void onClosed(WebSocket ws, int code, String reason) {
      InProcessAgent.closeQuietly(agent.toAgent.sink());
    }
  }

  private static Thread pump(InputStream in, WebSocket ws, int channel) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[8192];
              try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                  byte[] frame = new byte[n + 1];
                  frame[0] = (byte) channel;
                  System.arraycopy(buffer, 0, frame, 1, n);
                  ws.send(frame);
                }
              } catch (IOException e) {
                // the process ended (a PTY reports EIO at its end)
              }
            },
            "fake-kubelet-pump-" + channel);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void send(WebSocket ws, int channel, String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    byte[] frame = new byte[body.length + 1];
    frame[0] = (byte) channel;
    System.arraycopy(body, 0, frame, 1, body.length);
    ws.send(frame);
  }

  private static String failure(int code, String message) {
    return "{\"metadata\":{},\"status\":\"Failure\",\"message\":\""
        + message.replace("\"", "'")
        + "\",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\""
        + code
        + "\"}]}}";
  }
}
