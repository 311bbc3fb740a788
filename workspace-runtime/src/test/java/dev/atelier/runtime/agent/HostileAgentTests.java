package dev.atelier.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.agent.Wire;
import dev.atelier.runtime.spi.WorkspaceFiles.FileChange;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A fake agent that lies, floods and breaks the protocol: the server refuses its answers, never
 * buffers without bound, ends the connection on frames it must not send, and every waiting
 * operation fails with {@code AGENT_UNAVAILABLE} (a clear error) instead of hanging.
 */
@Timeout(30)
class HostileAgentTests {

  private final AtomicBoolean killed = new AtomicBoolean();
  private DataInputStream fromServer;
  private DataOutputStream toServer;
  private AgentConnection connection;

  private AgentFiles connect(int version) throws IOException {
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
    send(Wire.HELLO, 0, new Wire.Payload().i32(version).bytes());
    connection.awaitReady(Duration.ofSeconds(5));
    return new AgentFiles(() -> connection);
  }

  @AfterEach
  void close() {
    if (connection != null) {
      connection.close();
    }
  }

  private void send(byte type, int channel, byte[] payload) throws IOException {
    Wire.write(toServer, type, channel, payload, payload.length);
    toServer.flush();
  }

  private Wire.Frame nextCall() throws IOException {
    while (true) {
      Wire.Frame frame = Wire.read(fromServer);
      if (frame.type() == Wire.CALL) {
        return frame;
      }
    }
  }

  /** Answers the next call from a thread of its own with what {@code answer} writes. */
  private void answer(Answer answer) {
    Thread thread =
        new Thread(
            () -> {
              try {
                answer.write(nextCall().channel());
              } catch (IOException e) {
                // the server closed the connection: expected in several tests
              }
            });
    thread.setDaemon(true);
    thread.start();
  }

  private interface Answer {
    void write(int channel) throws IOException;
  }

  private static byte[] ok(Wire.Payload result) {
    byte[] bytes = result.bytes();
    byte[] payload = new byte[bytes.length + 1];
    payload[0] = 1;
    System.arraycopy(bytes, 0, payload, 1, bytes.length);
    return payload;
  }

  private static void assertCode(Runnable call, ErrorCode code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            WorkspaceRuntimeException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  @Test
  void listingsThatNameOtherPlacesAreRefused() throws Exception {
    AgentFiles files = connect(Wire.VERSION);
    for (String lie :
        List.of("../etc/passwd", "/etc/passwd", "other/dir/x", "src", "src/a/../../x")) {
      answer(
          channel ->
              send(
                  Wire.REPLY,
                  channel,
                  ok(new Wire.Payload().i32(1).utf(lie).bool(false).i64(1).i64(0))));
      assertCode(() -> files.list("src"), ErrorCode.AGENT_UNAVAILABLE);
    }
    answer(
        channel ->
            send(
                Wire.REPLY,
                channel,
                ok(new Wire.Payload().bool(true).utf("secret").bool(false).i64(1).i64(0))));
    assertCode(() -> files.stat("readme.md"), ErrorCode.AGENT_UNAVAILABLE);
    answer(channel -> send(Wire.REPLY, channel, ok(new Wire.Payload().i32(5))));
    assertCode(() -> files.list(""), ErrorCode.AGENT_UNAVAILABLE);
    assertThat(connection.isOpen()).isTrue(); // a wrong answer is refused, the agent stays
  }

  @Test
  void anOversizedFrameEndsTheConnectionAndFailsWhatWaits() throws Exception {
    AgentFiles files = connect(Wire.VERSION);
    answer(
        channel -> {
          toServer.writeByte(Wire.REPLY);
          toServer.writeInt(channel);
          toServer.writeInt(Integer.MAX_VALUE); // 2 GiB announced
          toServer.flush();
        });
    assertCode(() -> files.list(""), ErrorCode.AGENT_UNAVAILABLE);
    assertThat(connection.isOpen()).isFalse();
    assertThat(killed).isTrue();
    assertCode(() -> files.stat("x"), ErrorCode.AGENT_UNAVAILABLE);
  }

  @Test
  void framesAnAgentMustNotSendEndTheConnection() throws Exception {
    AgentFiles files = connect(Wire.VERSION);
    answer(channel -> send(Wire.CALL, channel, new byte[] {Wire.OP_DELETE}));
    assertCode(() -> files.list(""), ErrorCode.AGENT_UNAVAILABLE);
    assertThat(killed).isTrue();
  }

  @Test
  void unknownFrameTypesAndSecondRepliesEndTheConnection() throws Exception {
    AgentFiles files = connect(Wire.VERSION);
    answer(channel -> send((byte) 99, channel, new byte[0]));
    assertCode(() -> files.list(""), ErrorCode.AGENT_UNAVAILABLE);
    assertThat(connection.isOpen()).isFalse();
  }

  @Test
  void dataBeyondTheWindowEndsTheConnectionInsteadOfFillingMemory() throws Exception {
    AgentFiles files = connect(Wire.VERSION);
    answer(
        channel -> {
          send(Wire.REPLY, channel, ok(new Wire.Payload().bool(false)));
          byte[] chunk = new byte[Wire.CHUNK];
          for (int i = 0; i < 10_000; i++) { // gigabytes if nobody stopped it
            send(Wire.DATA, channel, chunk);
          }
        });
    assertCode(() -> files.read("big.bin"), ErrorCode.IO);
    assertThat(connection.isOpen()).isFalse();
  }

  @Test
  void anInlineReadLongerThanAllowedIsRefused() throws Exception {
    AgentFiles files = connect(Wire.VERSION);
    answer(
        channel ->
            send(Wire.REPLY, channel, ok(new Wire.Payload().bool(true).i32(Integer.MAX_VALUE))));
    assertCode(() -> files.read("a.txt"), ErrorCode.AGENT_UNAVAILABLE);
    assertThat(connection.isOpen()).isTrue();
  }

  @Test
  void anAgentThatSendsAFileAByteAtATimeCannotHoldAReaderForever() throws Exception {
    AgentFiles files = connect(Wire.VERSION); // call timeout 2 s: a read may take 4 s in all
    AtomicBoolean dripping = new AtomicBoolean(true);
    answer(
        channel -> {
          send(Wire.REPLY, channel, ok(new Wire.Payload().bool(false)));
          // one byte every 200 ms: never long enough to trip the wait for the next bytes
          while (dripping.get()) {
            send(Wire.DATA, channel, new byte[] {'x'});
            try {
              Thread.sleep(200);
            } catch (InterruptedException e) {
              return;
            }
          }
        });
    long start = System.nanoTime();
    try {
      assertThatThrownBy(() -> files.read("slow.txt"))
          .isInstanceOfSatisfying(
              WorkspaceRuntimeException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.IO);
                assertThat(e.getMessage()).contains("slow.txt", "deadline");
              });
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isBetween(Duration.ofMillis(3_500), Duration.ofSeconds(8));
      assertThat(connection.isOpen()).isTrue(); // only the read is given up
    } finally {
      dripping.set(false);
    }
  }

  @Test
  void anAgentThatGrantsNoCreditCannotHoldAWriterForever() throws Exception {
    AgentFiles files = connect(Wire.VERSION);
    Thread drain =
        new Thread(
            () -> {
              try {
                while (true) {
                  Wire.read(fromServer); // reads everything, answers nothing, grants nothing
                }
              } catch (IOException e) {
                // closed
              }
            });
    drain.setDaemon(true);
    drain.start();
    long start = System.nanoTime();
    assertCode(
        () -> files.write("big.bin", new byte[3 * 1024 * 1024]), ErrorCode.AGENT_UNAVAILABLE);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void anAgentThatStopsReadingItsInputFailsTheConnectionNotTheCallers() throws Exception {
    AgentFiles files = connect(Wire.VERSION); // nobody reads fromServer: the pipe fills up
    List<Thread> callers = new java.util.ArrayList<>();
    java.util.concurrent.atomic.AtomicInteger failed =
        new java.util.concurrent.atomic.AtomicInteger();
    long start = System.nanoTime();
    for (int i = 0; i < 8; i++) {
      Thread caller =
          new Thread(
              () -> {
                try {
                  files.write("f.bin", new byte[1024 * 1024]);
                } catch (WorkspaceRuntimeException e) {
                  failed.incrementAndGet();
                }
              });
      caller.start();
      callers.add(caller);
    }
    for (Thread caller : callers) {
      caller.join(20_000);
      assertThat(caller.isAlive()).as("a caller still blocked").isFalse();
    }
    assertThat(failed).hasValue(8);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    assertThat(connection.isOpen()).isFalse();
    assertThat(killed).isTrue();
  }

  @Test
  void anAgentThatNeverAnswersTimesOut() throws Exception {
    AgentFiles files = connect(Wire.VERSION);
    answer(channel -> {}); // swallows the call
    long start = System.nanoTime();
    assertCode(() -> files.stat("x"), ErrorCode.AGENT_UNAVAILABLE);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void anotherProtocolVersionIsRefused() throws Exception {
    assertThatThrownBy(() -> connect(Wire.VERSION + 1))
        .isInstanceOfSatisfying(
            WorkspaceRuntimeException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.AGENT_UNAVAILABLE);
              assertThat(e.getMessage()).contains("protocol version");
            });
  }

  @Test
  void errorMessagesAreBoundedAndPrintableAndUnknownCodesBecomeIo() throws Exception {
    AgentFiles files = connect(Wire.VERSION);
    answer(
        channel ->
            send(
                Wire.REPLY,
                channel,
                new Wire.Payload()
                    .bool(false)
                    .utf("ROOT_PLEASE")
                    .utf("line1\nline2\u001b[31m" + "x".repeat(5000))
                    .bytes()));
    assertThatThrownBy(() -> files.delete("a"))
        .isInstanceOfSatisfying(
            WorkspaceRuntimeException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.IO);
              assertThat(e.getMessage()).hasSizeLessThan(320).doesNotContain("\n", "\u001b");
            });
  }

  @Test
  void invalidWatchEventsAreDroppedAndValidOnesDelivered() throws Exception {
    AgentFiles files = connect(Wire.VERSION);
    List<FileChange> changes = new CopyOnWriteArrayList<>();
    answer(
        channel -> {
          send(Wire.REPLY, channel, ok(new Wire.Payload()));
          send(Wire.EVENT, channel, new Wire.Payload().u8(0).utf("../../etc/shadow").bytes());
          send(Wire.EVENT, channel, new Wire.Payload().u8(9).utf("a.txt").bytes());
          send(Wire.EVENT, channel, new byte[] {1});
          send(Wire.EVENT, channel, new Wire.Payload().u8(0).utf("/abs").bytes());
          send(Wire.EVENT, channel, new Wire.Payload().u8(1).utf("src/ok.txt").bytes());
        });
    try (AutoCloseable watch = files.watch(changes::add)) {
      AgentFilesTests.awaitChange(changes, new FileChange(FileChange.Kind.MODIFIED, "src/ok.txt"));
      assertThat(changes).containsExactly(new FileChange(FileChange.Kind.MODIFIED, "src/ok.txt"));
    }
    assertThat(connection.isOpen()).isTrue();
  }
}
