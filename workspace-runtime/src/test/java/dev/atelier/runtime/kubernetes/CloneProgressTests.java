package dev.atelier.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CloneProgressTests {

  @Test
  void lastRedrawnStepWins() {
    String log =
        "Cloning into '/workspace/.atelier-clone'...\n"
            + "remote: Counting objects: 100% (12/12), done.\n"
            + "Receiving objects:   3% (30/1000)\rReceiving objects:  42% (420/1000), 1.20 MiB | 2.00 MiB/s\r";
    assertThat(CloneProgress.latest(log)).contains("Receiving objects 42%");
    assertThat(CloneProgress.latest(log + "Resolving deltas:  7% (7/100)\r"))
        .contains("Resolving deltas 7%");
  }

  @Test
  void nothingToShowWithoutProgress() {
    assertThat(CloneProgress.latest("Cloning into 'x'...\n")).isEmpty();
    assertThat(CloneProgress.latest(null)).isEmpty();
  }
}
