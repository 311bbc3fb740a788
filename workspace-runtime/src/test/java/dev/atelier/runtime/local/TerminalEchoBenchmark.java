package dev.atelier.runtime.local;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.WorkspaceSpec;
import dev.atelier.stacks.Resources;
import dev.atelier.stacks.Stack;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Terminal keystroke echo, through the workspace agent (what terminals use) against the path it
 * replaced (pty4j on the host, entering the sandbox with nsenter), in the same run and the same
 * sandbox (not a test): one byte written to a PTY running {@code cat} in raw mode (as a shell's
 * line editor would be), timed until its echo is read back. Also the agent's resident memory before
 * its first process and after. See the workspace-runtime README for how to run it.
 */
public final class TerminalEchoBenchmark {

  /** A program that echoes each byte as it comes (a terminal in raw mode, as a shell's editor). */
  private static final List<String> RAW_CAT = List.of("/bin/sh", "-c", "stty raw -echo; exec cat");

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    Path root = Files.createTempDirectory("atelier-echo-bench");
    try (LocalWorkspaceRuntime runtime =
        new LocalWorkspaceRuntime(
            LocalRuntimeOptions.of(root.resolve("workspaces")).withSandbox(SandboxMode.REQUIRED))) {
      String id = "echo-bench";
      Stack stack =
          new Stack(
              "bench",
              "Bench",
              null,
              "debian",
              Map.of(),
              List.of(),
              null,
              null,
              List.of(),
              List.of(),
              List.of(),
              Resources.UNLIMITED);
      runtime
          .start(new WorkspaceSpec(id, "bench", stack, null, Map.of()))
          .get(60, TimeUnit.SECONDS);
      Thread.sleep(500);
      System.out.printf("agent RSS idle, before any process: %.1f MB%n", agentRssMb());

      ExecProcess agent =
          runtime.exec(
              id, new ExecRequest(RAW_CAT, Map.of(), null, new ExecRequest.PtySize(80, 24)));
      WorkspaceSandbox sandbox = runtime.sandbox(id);
      PtyProcess host =
          new PtyProcessBuilder(sandbox.wrap(RAW_CAT, "", true).toArray(String[]::new))
              .setEnvironment(sandbox.defaultEnv(true))
              .setDirectory(root.toString())
              .setInitialColumns(80)
              .setInitialRows(24)
              .setConsole(false)
              .setRedirectErrorStream(true)
              .start();
      List<Double> viaAgent = new ArrayList<>();
      List<Double> viaHost = new ArrayList<>();
      // alternate blocks so that both paths see the same machine load
      for (int block = 0; block < 10; block++) {
        echo(agent.stdin(), agent.stdout(), rounds / 10, block == 0 ? null : viaAgent);
        echo(
            host.getOutputStream(),
            host.getInputStream(),
            rounds / 10,
            block == 0 ? null : viaHost);
      }
      report("keystroke echo through the agent, ms", viaAgent);
      report("keystroke echo, pty4j on the host + nsenter (old path), ms", viaHost);
      System.out.printf(
          "agent adds %.3f ms at p50%n", percentile(viaAgent, 50) - percentile(viaHost, 50));
      System.out.printf("agent RSS with a terminal open: %.1f MB%n", agentRssMb());
      agent.kill();
      host.destroyForcibly();
      Thread.sleep(300);
      System.out.printf("agent RSS after it closed: %.1f MB%n", agentRssMb());
    }
  }

  /** Writes a byte, waits for its echo; the first block warms up. */
  private static void echo(OutputStream in, InputStream out, int rounds, List<Double> times)
      throws IOException {
    for (int i = 0; i < rounds; i++) {
      byte key = (byte) ('a' + i % 26);
      long t0 = System.nanoTime();
      in.write(key);
      in.flush();
      int b;
      while ((b = out.read()) != key) {
        if (b < 0) {
          throw new IOException("the terminal ended");
        }
      }
      if (times != null) {
        times.add((System.nanoTime() - t0) / 1e6);
      }
    }
  }

  private static double agentRssMb() throws IOException {
    for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
      boolean agent =
          process.info().command().map(c -> c.endsWith("/java")).orElse(false)
              && process
                  .info()
                  .arguments()
                  .map(a -> List.of(a).contains("dev.atelier.agent.Agent"))
                  .orElse(false);
      if (agent) {
        for (String line : Files.readAllLines(Path.of("/proc", "" + process.pid(), "status"))) {
          if (line.startsWith("VmRSS:")) {
            return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
          }
        }
      }
    }
    return -1;
  }

  private static void report(String what, List<Double> values) {
    System.out.printf(
        "%s: p50 %.3f, p95 %.3f (n=%d)%n",
        what, percentile(values, 50), percentile(values, 95), values.size());
  }

  private static double percentile(List<Double> values, int p) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
  }
}
