package dev.atelier.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class StreamChannelTests {

  private final List<Byte> sent = new CopyOnWriteArrayList<>();

  private StreamChannel channel(long timeoutMillis) {
    return new StreamChannel(7, (type, channel, payload, length) -> sent.add(type), timeoutMillis);
  }

  @Test
  void aCloseRightAfterTheEndKeepsWhatWasSentReadable() throws IOException {
    StreamChannel channel = channel(1_000);
    assertThat(channel.received("last bytes".getBytes())).isTrue();
    channel.ended();
    channel.aborted("closed by the peer");
    assertThat(new String(channel.input().readAllBytes())).isEqualTo("last bytes");
  }

  @Test
  void aCloseBeforeTheEndLosesTheStreamWithAnError() {
    StreamChannel channel = channel(1_000);
    channel.received("partial".getBytes());
    channel.aborted("the peer gave up");
    assertThatThrownBy(() -> channel.input().readAllBytes()).hasMessageContaining("gave up");
  }

  @Test
  void aWriterWithoutCreditGivesUpAfterTheTimeout() throws IOException {
    StreamChannel channel = channel(300);
    channel.output().write(new byte[Wire.WINDOW]); // the whole window
    long start = System.nanoTime();
    assertThatThrownBy(() -> channel.output().write(1)).isInstanceOf(InterruptedIOException.class);
    assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 5_000L);
  }

  @Test
  void moreThanTheWindowIsRefusedAndCreditIsReturnedAsDataIsRead() throws IOException {
    StreamChannel channel = channel(1_000);
    assertThat(channel.received(new byte[Wire.WINDOW])).isTrue();
    assertThat(channel.received(new byte[1])).isFalse();
    channel.input().readNBytes(Wire.WINDOW / 2);
    assertThat(sent).contains(Wire.CREDIT);
  }
}
