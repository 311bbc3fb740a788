package dev.atelier.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.agent.Wire;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A fake agent that lies about processes (the exec messages of {@code HostileAgentTests}' kind):
 * exit codes out of range, events out of order or unknown, data on channels never opened or past
 * the window. Each ends the agent's connection (the agent is killed), the process fails with {@code
 * AGENT_UNAVAILABLE}, and the server itself carries on.
 */
@Timeout(30)
class HostileAgentExecTests {

  private final AtomicBoolean killed = new AtomicBoolean();
  private DataInputStream fromServer;
  private DataOutputStream toServer;
  private AgentConnection connection;

  @BeforeEach
  void connect() throws IOException {
    Pipe toAgent = Pipe.open();
    Pipe fromAgent = Pipe.open();
    fromServer = new DataInputStream(Channels.newInputStream(toAgent.source()));
    toServer = new DataOutputStream(Channels.newOutputStream(fromAgent.sink()));
    connection =
        new AgentConnection(
            "ws",
            Channels.newInputStream(fromAgent.source()),
            Channels.newOutputStream(toAgent.sink()),
            () -> killed.set(true),
            Duration.ofSeconds(2));
    send(Wire.HELLO, 0, new Wire.Payload().i32(Wire.VERSION).bytes());
    connection.awaitReady(Duration.ofSeconds(5));
  }

  @AfterEach
  void close() {
    connection.close();
  }

  private void send(byte type, int channel, byte[] payload) throws IOException {
    synchronized (toServer) {
      Wire.write(toServer, type, channel, payload, payload.length);
      toServer.flush();
    }
  }

  /** The exec's channel and its stderr channel, read from the server's call. */
  private record Call(int channel, int stderr) {}

  /** Starts an exec whose call a thread of the fake agent answers with OK. */
  private AgentExecProcess started() throws Exception {
    CompletableFuture<Call> call = new CompletableFuture<>();
    Thread agent =
        new Thread(
            () -> {
              try {
                while (true) {
                  Wire.Frame frame = Wire.read(fromServer);
                  if (frame.type() == Wire.CALL && frame.payload()[0] == Wire.OP_EXEC) {
                    int stderr = ByteBuffer.wrap(frame.payload(), 1, 4).getInt();
                    send(Wire.REPLY, frame.channel(), new byte[] {1});
                    call.complete(new Call(frame.channel(), stderr));
                    return;
                  }
                }
              } catch (IOException e) {
                call.completeExceptionally(e);
              }
            });
    agent.setDaemon(true);
    agent.start();
    AgentExecProcess process =
        AgentExecProcess.start(connection, ExecRequest.of("sh"), Map.of("A", "b"));
    this.call = call.get(5, TimeUnit.SECONDS);
    return process;
  }

  private Call call;

  private void assertConnectionEndedAndProcessFailed(AgentExecProcess process) {
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(killed::get);
    assertThat(connection.isOpen()).isFalse();
    assertThatThrownBy(() -> process.onExit().get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            WorkspaceRuntimeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.AGENT_UNAVAILABLE));
    assertThatThrownBy(() -> process.stdout().read()).isInstanceOf(IOException.class);
  }

  private static byte[] exited(int code) {
    return new Wire.Payload().u8(Wire.EXEC_EXITED).i32(code).bytes();
  }

  @Test
  void exitCodesOutOfRangeEndTheConnection() throws Exception {
    for (int code : List.of(256, -1, Integer.MIN_VALUE)) {
      connect();
      killed.set(false);
      AgentExecProcess process = started();
      send(Wire.EVENT, call.channel(), exited(code));
      assertConnectionEndedAndProcessFailed(process);
    }
  }

  @Test
  void doneBeforeTheExitEndsTheConnection() throws Exception {
    AgentExecProcess process = started();
    send(Wire.EVENT, call.channel(), new byte[] {Wire.EXEC_DONE});
    assertConnectionEndedAndProcessFailed(process);
  }

  @Test
  void aSecondExitIsRefusedButTheFirstStands() throws Exception {
    AgentExecProcess process = started();
    send(Wire.EVENT, call.channel(), exited(3));
    assertThat(process.onExit().get(5, TimeUnit.SECONDS)).isEqualTo(3);
    send(Wire.EVENT, call.channel(), exited(4));
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(killed::get);
    assertThat(process.onExit().get()).isEqualTo(3);
  }

  @Test
  void unknownOrMalformedEventsEndTheConnection() throws Exception {
    for (byte[] event :
        List.of(
            new byte[0],
            new byte[] {7},
            new byte[] {Wire.EXEC_EXITED, 0, 0},
            new byte[] {Wire.EXEC_EXITED, 0, 0, 0, 0, 0})) {
      connect();
      killed.set(false);
      AgentExecProcess process = started();
      send(Wire.EVENT, call.channel(), event);
      assertConnectionEndedAndProcessFailed(process);
    }
  }

  @Test
  void framesOnChannelsNeverOpenedEndTheConnection() throws Exception {
    AgentExecProcess process = started();
    send(Wire.DATA, call.stderr() + 1000, new byte[] {1});
    assertConnectionEndedAndProcessFailed(process);
  }

  @Test
  void stderrBeyondItsWindowEndsTheConnection() throws Exception {
    AgentExecProcess process = started();
    byte[] chunk = new byte[Wire.CHUNK];
    for (int sent = 0; sent <= Wire.WINDOW && !killed.get(); sent += chunk.length) {
      try {
        send(Wire.DATA, call.stderr(), chunk);
      } catch (IOException e) {
        break; // the server hung up
      }
    }
    assertConnectionEndedAndProcessFailed(process);
  }

  @Test
  void anAgentThatDiesEndsItsProcessesWithAClearError() throws Exception {
    AgentExecProcess process = started();
    toServer.close();
    assertConnectionEndedAndProcessFailed(process);
    assertThatThrownBy(() -> process.onExit().get())
        .hasMessageContaining("the workspace agent stopped and the process ended with it");
  }

  @Test
  void anExecWithoutAnswerTimesOutAndLeavesNothingOpen() {
    assertThatThrownBy(() -> AgentExecProcess.start(connection, ExecRequest.of("sh"), Map.of()))
        .isInstanceOfSatisfying(
            WorkspaceRuntimeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.AGENT_UNAVAILABLE));
    assertThat(connection.openChannels()).isZero();
  }

  @Test
  void aCommandTooLargeForOneFrameIsRefusedBeforeItIsSent() {
    String big = "x".repeat(60_000);
    List<String> argv = new java.util.ArrayList<>(List.of("echo"));
    for (int i = 0; i < 20; i++) {
      argv.add(big);
    }
    assertThatThrownBy(
            () ->
                AgentExecProcess.start(
                    connection, new ExecRequest(argv, Map.of(), null, null), Map.of()))
        .isInstanceOfSatisfying(
            WorkspaceRuntimeException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.START_FAILED);
              assertThat(e.getMessage()).contains("too large");
            });
    assertThat(connection.isOpen()).isTrue();
    assertThat(connection.openChannels()).isZero();
  }
}
