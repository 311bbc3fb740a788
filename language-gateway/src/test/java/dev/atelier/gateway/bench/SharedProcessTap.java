package dev.atelier.gateway.bench;

import dev.atelier.gateway.BytePipe;
import dev.atelier.gateway.protocol.LspFraming;
import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.ListeningPort;
import dev.atelier.runtime.spi.RuntimeEventListener;
import dev.atelier.runtime.spi.StartResult;
import dev.atelier.runtime.spi.WorkspaceFiles;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.runtime.spi.WorkspaceSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Lets the benchmark talk to the very process the gateway started, over the same stdio: its own
 * requests (string ids {@code "bench-N"}) are written to the server's stdin between the gateway's
 * frames, and their responses are taken out of the server's stdout before the rest reaches the
 * gateway. The demultiplexing hop sits on the gateway's path, so the overhead measured is an upper
 * bound.
 */
final class SharedProcessTap implements WorkspaceRuntime {

  static final String PREFIX = "\"id\":\"bench-";

  private final WorkspaceRuntime delegate;
  volatile Tapped last;

  SharedProcessTap(WorkspaceRuntime delegate) {
    this.delegate = delegate;
  }

  /** The shared stdio of one server process. */
  static final class Tapped {
    private final OutputStream stdin;
    volatile Consumer<String> benchResponses = text -> {};

    Tapped(OutputStream stdin) {
      this.stdin = stdin;
    }

    /** Writes one frame; frames from the gateway and the benchmark never interleave. */
    void write(String json) throws IOException {
      byte[] frame = LspFraming.frame(json);
      synchronized (stdin) {
        stdin.write(frame);
        stdin.flush();
      }
    }
  }

  @Override
  public ExecProcess exec(String workspaceId, ExecRequest request) {
    ExecProcess process = delegate.exec(workspaceId, request);
    if (request.command().equals(List.of("pwd"))) {
      return process;
    }
    Tapped tap = new Tapped(process.stdin());
    last = tap;
    BytePipe toGateway = new BytePipe();
    Thread demux =
        new Thread(
            () -> {
              LspFraming.Reader reader = new LspFraming.Reader(process.stdout());
              try {
                String text;
                while ((text = reader.next()) != null) {
                  if (text.contains(PREFIX) && !text.contains("\"method\"")) {
                    tap.benchResponses.accept(text);
                  } else {
                    toGateway.out().write(LspFraming.frame(text));
                  }
                }
              } catch (IOException e) {
                // process ended
              } finally {
                toGateway.close();
              }
            },
            "bench-demux");
    demux.setDaemon(true);
    demux.start();
    OutputStream stdin =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            synchronized (tap.stdin) {
              tap.stdin.write(b, off, len);
            }
          }

          @Override
          public void flush() throws IOException {
            synchronized (tap.stdin) {
              tap.stdin.flush();
            }
          }

          @Override
          public void close() throws IOException {
            tap.stdin.close();
          }
        };
    return new ExecProcess() {
      @Override
      public OutputStream stdin() {
        return stdin;
      }

      @Override
      public InputStream stdout() {
        return toGateway.in();
      }

      @Override
      public InputStream stderr() {
        return process.stderr();
      }

      @Override
      public boolean hasPty() {
        return false;
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
