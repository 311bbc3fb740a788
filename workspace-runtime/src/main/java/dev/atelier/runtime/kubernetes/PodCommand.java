package dev.atelier.runtime.kubernetes;

import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ContainerResource;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.TtyExecErrorable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a short command in a pod's container to completion and collects its output. */
final class PodCommand {

  /** How a command ended. */
  record Result(int exitCode, byte[] stdout, String stderr) {
    String stdoutText() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    /** The last line of stderr, or of stdout when stderr is empty: what explains a failure. */
    String lastLine() {
      String text = stderr.isBlank() ? stdoutText() : stderr;
      String[] lines = text.strip().split("\n");
      return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }
  }

  private PodCommand() {}

  /**
   * Runs {@code argv} with {@code stdin} (may be {@code null}) and waits for its exit code.
   *
   * @throws WorkspaceRuntimeException {@code IO} when the exec cannot be opened or gives no exit
   *     status, {@code TIMEOUT} when it runs longer than {@code timeout}
   */
  static Result run(
      ContainerResource container, List<String> argv, byte[] stdin, Duration timeout) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    TtyExecErrorable streams =
        stdin == null
            ? container.writingOutput(out)
            : container.readingInput(new ByteArrayInputStream(stdin)).writingOutput(out);
    ExecWatch watch;
    try {
      watch = streams.writingError(err).exec(argv.toArray(String[]::new));
    } catch (KubernetesClientException e) {
      throw new WorkspaceRuntimeException(
          ErrorCode.IO, "cannot run a command in the workspace pod: " + e.getMessage(), e);
    }
    try (watch) {
      Integer code = watch.exitCode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (code == null) {
        throw new WorkspaceRuntimeException(
            ErrorCode.IO, "the workspace pod closed the command's stream without an exit status");
      }
      return new Result(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    } catch (TimeoutException e) {
      throw new WorkspaceRuntimeException(
          ErrorCode.TIMEOUT, "a command in the workspace pod took longer than " + timeout);
    } catch (ExecutionException e) {
      throw new WorkspaceRuntimeException(
          ErrorCode.IO,
          "a command in the workspace pod failed: " + e.getCause().getMessage(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WorkspaceRuntimeException(
          ErrorCode.IO, "interrupted while waiting for a command", e);
    }
  }
}
