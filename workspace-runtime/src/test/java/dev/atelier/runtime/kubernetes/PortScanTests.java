package dev.atelier.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.runtime.internal.ProcNetAddress;
import dev.atelier.runtime.spi.ListeningPort;
import org.junit.jupiter.api.Test;

class PortScanTests {

  private static final String SCAN =
      """
      @tcp
        sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
         0: 00000000:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4711 1 0000000000000000 100 0 0 10 0
         1: 0100007F:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4712 1 0000000000000000 100 0 0 10 0
         2: 0100007F:0BB8 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 4713 1 0000000000000000 100 0 0 10 0
      @tcp6
        sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
         0: 00000000000000000000000000000000:1388 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4714 1 0000000000000000 100 0 0 10 0
         1: 0000000000000000FFFF00000100007F:1389 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 9999 1 0000000000000000 100 0 0 10 0
      @fd
      /proc/1/fd:
      total 0
      lrwx------ 1 atelier atelier 64 Nov 25 10:00 0 -> /dev/null
      /proc/42/fd:
      total 0
      lrwx------ 1 atelier atelier 64 Nov 25 10:00 3 -> socket:[4711]
      lrwx------ 1 atelier atelier 64 Nov 25 10:00 4 -> socket:[4714]
      /proc/43/fd:
      lrwx------ 1 atelier atelier 64 Nov 25 10:00 7 -> socket:[4712]
      @comm
      ==> /proc/1/comm <==
      sh

      ==> /proc/42/comm <==
      python3

      ==> /proc/43/comm <==
      node
      """;

  @Test
  void listeningSocketsWithTheirProcessesAscending() {
    assertThat(PortScan.parse(SCAN))
        .containsExactly(
            new ListeningPort(3000, "127.0.0.1", "node"),
            new ListeningPort(5000, "::", "python3"),
            new ListeningPort(5001, "::ffff:127.0.0.1", ""),
            new ListeningPort(8000, "0.0.0.0", "python3"));
  }

  @Test
  void addressesFollowTheKernelsWordOrder() {
    assertThat(ProcNetAddress.format("0100007F")).isEqualTo("127.0.0.1");
    assertThat(ProcNetAddress.format("00000000000000000000000001000000")).isEqualTo("::1");
    assertThat(ProcNetAddress.format("B80D0120000000000000000001000000")).isEqualTo("2001:db8::1");
  }

  @Test
  void garbageGivesNothing() {
    assertThat(PortScan.parse("")).isEmpty();
    assertThat(PortScan.parse("@tcp\nnot a table\n 0: XYZ:QQ 0 0A a b c d e f\n")).isEmpty();
  }
}
