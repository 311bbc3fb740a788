package dev.atelier.runtime.kubernetes;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

  @Override
  public void shutdown() {
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
