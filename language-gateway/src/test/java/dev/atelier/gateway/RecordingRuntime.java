package dev.atelier.gateway;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.ListeningPort;
import dev.atelier.runtime.spi.RuntimeEventListener;
import dev.atelier.runtime.spi.StartResult;
import dev.atelier.runtime.spi.WorkspaceFiles;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.runtime.spi.WorkspaceSpec;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A runtime decorator that records the LSP traffic of every process it starts, in both directions,
 * so tests can check what language servers really received and sent.
 */
final class RecordingRuntime implements WorkspaceRuntime {

  private final WorkspaceRuntime delegate;
  private final List<Recorded> processes = new CopyOnWriteArrayList<>();

  RecordingRuntime(WorkspaceRuntime delegate) {
    this.delegate = delegate;
  }

  /** The traffic of one process. */
  static final class Recorded {
    final ExecRequest request;
    private final ByteArrayOutputStream toServer = new ByteArrayOutputStream();
    private final ByteArrayOutputStream fromServer = new ByteArrayOutputStream();

    Recorded(ExecRequest request) {
      this.request = request;
    }

    List<JsonObject> sent() {
      synchronized (toServer) {
        return parse(toServer.toByteArray());
      }
    }

    List<JsonObject> received() {
      synchronized (fromServer) {
        return parse(fromServer.toByteArray());
      }
    }

    private static List<JsonObject> parse(byte[] bytes) {
      List<JsonObject> messages = new ArrayList<>();
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      int at = 0;
      while (true) {
        int header = text.indexOf("Content-Length: ", at);
        if (header < 0) {
          break;
        }
        int end = text.indexOf("\r\n\r\n", header);
        if (end < 0) {
          break;
        }
        int length =
            Integer.parseInt(text.substring(header + 16, text.indexOf("\r\n", header)).trim());
        int body = end + 4;
        if (body + length > bytes.length) {
          break;
        }
        String json = new String(bytes, body, length, StandardCharsets.UTF_8);
        messages.add(JsonParser.parseString(json).getAsJsonObject());
        at = body + length;
      }
      return messages;
    }
  }

  List<Recorded> processes() {
    return List.copyOf(processes);
  }

  /** Every message the gateway sent to language servers of any process, with this method. */
  List<JsonObject> sentToServers(String method) {
    List<JsonObject> all = new ArrayList<>();
    for (Recorded recorded : processes) {
      recorded.sent().stream()
          .filter(m -> m.has("method") && m.get("method").getAsString().equals(method))
          .forEach(all::add);
    }
    return all;
  }

  /** Every message language servers sent with this method. */
  List<JsonObject> receivedFromServers(String method) {
    List<JsonObject> all = new ArrayList<>();
    for (Recorded recorded : processes) {
      recorded.received().stream()
          .filter(m -> m.has("method") && m.get("method").getAsString().equals(method))
          .forEach(all::add);
    }
    return all;
  }

  @Override
  public ExecProcess exec(String workspaceId, ExecRequest request) {
    ExecProcess process = delegate.exec(workspaceId, request);
    Recorded recorded = new Recorded(request);
    processes.add(recorded);
    OutputStream stdin =
        new FilterOutputStream(process.stdin()) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            synchronized (recorded.toServer) {
              recorded.toServer.write(b, off, len);
            }
          }

          @Override
          public void write(int b) throws IOException {
            out.write(b);
            synchronized (recorded.toServer) {
              recorded.toServer.write(b);
            }
          }
        };
    InputStream stdout =
        new FilterInputStream(process.stdout()) {
          @Override
          public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
              synchronized (recorded.fromServer) {
                recorded.fromServer.write(b);
              }
            }
            return b;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
              synchronized (recorded.fromServer) {
                recorded.fromServer.write(b, off, n);
              }
            }
            return n;
          }
        };
    return new ExecProcess() {
      @Override
      public OutputStream stdin() {
        return stdin;
      }

      @Override
      public InputStream stdout() {
        return stdout;
      }

      @Override
      public InputStream stderr() {
        return process.stderr();
      }

      @Override
      public boolean hasPty() {
        return process.hasPty();
      }

      @Override
      public void resize(int columns, int rows) {
        process.resize(columns, rows);
      }

      @Override
      public CompletableFuture<Integer> onExit() {
        return process.onExit();
      }

      @Override
      public boolean isAlive() {
        return process.isAlive();
      }

      @Override
      public void kill() {
        process.kill();
      }
    };
  }

  @Override
  public String type() {
    return delegate.type();
  }

  @Override
  public CompletableFuture<StartResult> start(WorkspaceSpec spec) {
    return delegate.start(spec);
  }

  @Override
  public CompletableFuture<Void> stop(String workspaceId) {
    return delegate.stop(workspaceId);
  }

  @Override
  public CompletableFuture<Void> delete(String workspaceId) {
    return delegate.delete(workspaceId);
  }

  @Override
  public WorkspaceFiles files(String workspaceId) {
    return delegate.files(workspaceId);
  }

  @Override
  public List<ListeningPort> listeningPorts(String workspaceId) {
    return delegate.listeningPorts(workspaceId);
  }

  @Override
  public Set<String> activeWorkspaces() {
    return delegate.activeWorkspaces();
  }

  @Override
  public AutoCloseable subscribe(RuntimeEventListener listener) {
    return delegate.subscribe(listener);
  }
}
