package dev.atelier.runtime.local;

import static dev.atelier.runtime.local.TestRuntimes.spec;
import static dev.atelier.runtime.local.TestRuntimes.stack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.ExecRequest.PtySize;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPtyIntegrationTests {

  @TempDir Path root;
  private LocalWorkspaceRuntime runtime;
  private String id;

  @BeforeEach
  void setUp() throws Exception {
    TestRuntimes.assumeBubblewrap();
    runtime = new LocalWorkspaceRuntime(TestRuntimes.sandboxed(root));
    id = TestRuntimes.newId();
    runtime.start(spec(id, stack(), null)).get(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void tearDown() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void anInteractiveShellInAPtySeesItsSizeAndResizes() throws Exception {
    try (ExecProcess shell =
        runtime.exec(
            id,
            new ExecRequest(
                List.of("/bin/bash", "--norc", "-i"),
                Map.of("PS1", "$ "),
                null,
                new PtySize(100, 30)))) {
      assertThat(shell.hasPty()).isTrue();
      Output output = new Output(shell.stdout());

      type(shell, "stty size; echo TERM=$TERM\n");
      output.awaitContains("30 100", Duration.ofSeconds(10));
      output.awaitContains("TERM=xterm-256color", Duration.ofSeconds(5));

      shell.resize(132, 43);
      type(shell, "stty size\n");
      output.awaitContains("43 132", Duration.ofSeconds(10));

      type(shell, "exit 5\n");
      assertThat(shell.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(5);
    }
  }

  @Test
  void killingAPtyShellKillsWhatItStarted() throws Exception {
    ExecProcess shell =
        runtime.exec(
            id,
            new ExecRequest(
                List.of("/bin/bash", "--norc", "-i"), Map.of(), null, new PtySize(80, 24)));
    Output output = new Output(shell.stdout());
    type(shell, "sleep 777 & echo started\n");
    output.awaitContains("started", Duration.ofSeconds(10));
    awaitSandboxProcess("sleep 777", true);

    shell.kill();

    assertThat(shell.onExit().get(10, TimeUnit.SECONDS)).isNotZero();
    awaitSandboxProcess("sleep 777", false);
  }

  @Test
  void resizeWithoutPtyIsRefused() throws Exception {
    try (ExecProcess plain = runtime.exec(id, ExecRequest.of("true"))) {
      assertThat(plain.hasPty()).isFalse();
      assertThatThrownBy(() -> plain.resize(10, 10)).isInstanceOf(IllegalStateException.class);
    }
  }

  private void awaitSandboxProcess(String command, boolean present) throws Exception {
    await("'" + command + "' " + (present ? "to appear" : "to end"))
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> TestRuntimes.run(runtime, id, "ps -eo args").out().contains(command) == present);
  }

  private static void type(ExecProcess process, String text) throws IOException {
    process.stdin().write(text.getBytes(StandardCharsets.UTF_8));
    process.stdin().flush();
  }

  /** Collects a stream's text on a thread. */
  static final class Output {
    private final StringBuffer text = new StringBuffer();

    Output(InputStream in) {
      Thread reader =
          new Thread(
              () -> {
                byte[] buffer = new byte[4096];
                try {
                  int n;
                  while ((n = in.read(buffer)) >= 0) {
                    text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                  }
                } catch (IOException e) {
                  // closed
                }
              });
      reader.setDaemon(true);
      reader.start();
    }

    String text() {
      return text.toString();
    }

    void awaitContains(String expected, Duration timeout) throws InterruptedException {
      await()
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(10))
          .untilAsserted(() -> assertThat(text.toString()).as("output").contains(expected));
    }
  }
}
