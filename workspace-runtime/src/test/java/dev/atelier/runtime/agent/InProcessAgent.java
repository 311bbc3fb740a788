package dev.atelier.runtime.agent;

import dev.atelier.agent.Agent;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Path;
import java.time.Duration;

/** A real {@link Agent} on a thread of this JVM, connected through two pipes. */
final class InProcessAgent implements AutoCloseable {

  private final Pipe toAgent;
  private final Pipe fromAgent;
  private final Thread thread;
  final AgentConnection connection;

  /** Bytes the agent has written to the server so far. */
  final java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();

  InProcessAgent(Path root) throws IOException {
    this(root, AgentConnection.CALL_TIMEOUT);
  }

  InProcessAgent(Path root, Duration timeout) throws IOException {
    toAgent = Pipe.open();
    fromAgent = Pipe.open();
    Agent agent =
        new Agent(
            root,
            Channels.newInputStream(toAgent.source()),
            new java.io.FilterOutputStream(Channels.newOutputStream(fromAgent.sink())) {
              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                sent.addAndGet(len);
              }
            });
    thread = new Thread(agent::run, "in-process-agent");
    thread.setDaemon(true);
    thread.start();
    connection =
        new AgentConnection(
            "ws",
            Channels.newInputStream(fromAgent.source()),
            Channels.newOutputStream(toAgent.sink()),
            this::stopAgent,
            timeout);
    connection.awaitReady(Duration.ofSeconds(10));
  }

  /** Ends the agent as if it died: its side of both pipes closes, the server did not ask. */
  void kill() {
    stopAgent();
  }

  private void stopAgent() {
    try {
      toAgent.sink().close();
      fromAgent.sink().close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    connection.close();
  }
}
