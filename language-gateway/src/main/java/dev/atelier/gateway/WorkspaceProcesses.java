package dev.atelier.gateway;

import dev.atelier.gateway.GatewayException.ErrorCode;
import dev.atelier.gateway.launch.ServerLaunch;
import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Starting processes in one workspace through the runtime: language servers, and the one-time
 * {@code pwd} that tells where the workspace folder is as its processes see it. Failures become
 * {@link GatewayException}s users can act on.
 */
final class WorkspaceProcesses {

  private final String workspaceId;
  private final GatewayContext ctx;
  // Confined to the workspace's executor.
  private CompletableFuture<WorkspaceUris> uris;

  WorkspaceProcesses(String workspaceId, GatewayContext ctx) {
    this.workspaceId = workspaceId;
    this.ctx = ctx;
  }

  /** Asks again on the next start (the workspace stopped). */
  void forgetRoot() {
    uris = null;
  }

  /** The workspace folder as servers see it: configured, or asked once with {@code pwd}. */
  CompletableFuture<WorkspaceUris> uris() {
    if (uris == null || uris.isCompletedExceptionally()) {
      String configured = ctx.options().workspaceRoot();
      uris =
          configured != null
              ? CompletableFuture.completedFuture(new WorkspaceUris(configured))
              : CompletableFuture.supplyAsync(this::probeRoot, ctx.pool());
    }
    return uris;
  }

  private WorkspaceUris probeRoot() {
    try (ExecProcess pwd = ctx.runtime().exec(workspaceId, ExecRequest.of("pwd"))) {
      pwd.stdin().close();
      String out;
      try (InputStream stdout = pwd.stdout()) {
        out = new String(stdout.readNBytes(4096), StandardCharsets.UTF_8).strip();
      }
      Integer code =
          pwd.onExit().get(ctx.options().startTimeout().toMillis(), TimeUnit.MILLISECONDS);
      if (code != 0 || !out.startsWith("/") || out.contains("\n")) {
        throw new GatewayException(
            ErrorCode.SERVER_START_FAILED,
            "cannot find the workspace folder: pwd exited with "
                + code
                + " and printed \""
                + out
                + "\"");
      }
      return new WorkspaceUris(out);
    } catch (IOException
        | java.util.concurrent.ExecutionException
        | java.util.concurrent.TimeoutException e) {
      throw new GatewayException(
          ErrorCode.SERVER_START_FAILED, "cannot find the workspace folder: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayException(ErrorCode.SERVER_START_FAILED, "interrupted", e);
    }
  }

  /** Starts a server's process in the workspace (blocking; called on the pool). */
  ExecProcess exec(ServerLaunch launch) {
    return ctx.runtime()
        .exec(workspaceId, new ExecRequest(launch.command(), launch.env(), null, null));
  }

  GatewayException classifyExecFailure(Throwable failure, ServerLaunch launch) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof GatewayException gateway) {
      return gateway;
    }
    if (cause instanceof WorkspaceRuntimeException runtime) {
      if (runtime.code() == WorkspaceRuntimeException.ErrorCode.NOT_RUNNING
          || runtime.code() == WorkspaceRuntimeException.ErrorCode.NOT_FOUND) {
        return new GatewayException(
            ErrorCode.WORKSPACE_NOT_RUNNING,
            "workspace " + workspaceId + " is not running: start it to use language features");
      }
      return new GatewayException(
          ErrorCode.SERVER_START_FAILED,
          "cannot start the " + launch.displayName() + " language server: " + runtime.getMessage(),
          runtime);
    }
    return new GatewayException(
        ErrorCode.SERVER_START_FAILED,
        "cannot start the " + launch.displayName() + " language server: " + cause,
        cause);
  }
}
