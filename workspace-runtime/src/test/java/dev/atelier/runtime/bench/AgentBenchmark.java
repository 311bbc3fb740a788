package dev.atelier.runtime.bench;

import dev.atelier.runtime.local.LocalRuntimeOptions;
import dev.atelier.runtime.local.LocalWorkspaceRuntime;
import dev.atelier.runtime.local.SandboxMode;
import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.PortConnection;
import dev.atelier.runtime.spi.WorkspaceFiles;
import dev.atelier.runtime.spi.WorkspaceSpec;
import dev.atelier.stacks.Resources;
import dev.atelier.stacks.Stack;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What the workspace agent costs, each figure against its reference in the same run (not a test):
 * start → RUNNING of sandboxed workspaces (the agent's start included), a 10 KB file read through
 * the agent vs {@code Files.readAllBytes} on the host, 10 MB through a port connection vs a direct
 * loopback socket on the host, and the agent's resident memory per idle workspace. See the
 * workspace-runtime README for how to run it.
 */
public final class AgentBenchmark {

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    Path root = Files.createTempDirectory("atelier-agent-bench");
    try (LocalWorkspaceRuntime runtime =
        new LocalWorkspaceRuntime(
            LocalRuntimeOptions.of(root.resolve("workspaces")).withSandbox(SandboxMode.REQUIRED))) {
      List<String> ids = new ArrayList<>();
      List<Double> starts = new ArrayList<>();
      for (int i = 0; i < count + 3; i++) {
        String id = "b" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        long t0 = System.nanoTime();
        runtime
            .start(new WorkspaceSpec(id, "bench", stack(), null, Map.of()))
            .get(60, TimeUnit.SECONDS);
        if (i >= 3) {
          starts.add((System.nanoTime() - t0) / 1e6);
        }
        ids.add(id);
      }
      report("start -> RUNNING (sandbox + agent), ms", starts);

      String id = ids.get(0);
      WorkspaceFiles files = runtime.files(id);
      byte[] tenKb = new byte[10 * 1024];
      new java.util.Random(1).nextBytes(tenKb);
      files.write("ten.bin", tenKb);
      Path hostCopy = Files.write(root.resolve("ten.bin"), tenKb);
      List<Double> agentReads = new ArrayList<>();
      List<Double> hostReads = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        long t0 = System.nanoTime();
        files.read("ten.bin");
        long t1 = System.nanoTime();
        Files.readAllBytes(hostCopy);
        long t2 = System.nanoTime();
        if (i >= 500) {
          agentReads.add((t1 - t0) / 1e6);
          hostReads.add((t2 - t1) / 1e6);
        }
      }
      double agentP50 = report("10 KB read through the agent, ms", agentReads);
      double hostP50 = report("10 KB read on the host (reference), ms", hostReads);
      System.out.printf("  ratio agent/host p50: %.1fx%n", agentP50 / hostP50);

      int port = 18_765;
      int size = 10 * 1024 * 1024;
      ExecProcess server =
          runtime.exec(
              id,
              ExecRequest.of(
                  "/usr/bin/python3",
                  "-c",
                  "import socket\n"
                      + "s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                      + "s.bind(('127.0.0.1', "
                      + port
                      + ")); s.listen(8)\n"
                      + "data=b'x'*"
                      + size
                      + "\n"
                      + "while True:\n"
                      + "  c,_=s.accept(); c.sendall(data); c.close()\n"));
      server.stdin().close();
      Thread.sleep(1500);
      try (ServerSocket direct = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
        Thread host = new Thread(() -> serve(direct, size));
        host.setDaemon(true);
        host.start();
        List<Double> viaAgent = new ArrayList<>();
        List<Double> viaHost = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          long t0 = System.nanoTime();
          try (PortConnection connection = runtime.openPort(id, port)) {
            drain(connection.input(), size);
          }
          long t1 = System.nanoTime();
          try (Socket socket =
              new Socket(InetAddress.getLoopbackAddress(), direct.getLocalPort())) {
            drain(socket.getInputStream(), size);
          }
          long t2 = System.nanoTime();
          if (i >= 2) {
            viaAgent.add(size / 1e6 / ((t1 - t0) / 1e9));
            viaHost.add(size / 1e6 / ((t2 - t1) / 1e9));
          }
        }
        double agentRate = report("10 MB through the agent's port connection, MB/s", viaAgent);
        double hostRate = report("10 MB over a host loopback socket (reference), MB/s", viaHost);
        System.out.printf("  ratio agent/host: %.0f %%%n", 100 * agentRate / hostRate);
      }
      server.kill();

      Thread.sleep(2000);
      long rssKb = 0;
      int agents = 0;
      try (var procs = Files.list(Path.of("/proc"))) {
        for (Path proc : (Iterable<Path>) procs::iterator) {
          try {
            String cmdline = Files.readString(proc.resolve("cmdline"), StandardCharsets.ISO_8859_1);
            String program = cmdline.split("\0", 2)[0];
            if (cmdline.contains("dev.atelier.agent.Agent") && program.endsWith("/java")) {
              for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                  rssKb += Long.parseLong(line.replaceAll("[^0-9]", ""));
                  agents++;
                }
              }
            }
          } catch (IOException | NumberFormatException e) {
            // gone, or not ours
          }
        }
      }
      System.out.printf(
          "agent RSS per idle workspace: %.1f MB (%d agents)%n", rssKb / 1024.0 / agents, agents);
      for (String each : ids) {
        runtime.delete(each).get(60, TimeUnit.SECONDS);
      }
    }
  }

  private static void serve(ServerSocket server, int size) {
    byte[] data = new byte[size];
    while (true) {
      try (Socket client = server.accept();
          OutputStream out = client.getOutputStream()) {
        out.write(data);
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void drain(InputStream in, int expected) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      total += n;
    }
    if (total != expected) {
      throw new IOException("got " + total + " bytes, expected " + expected);
    }
  }

  private static double report(String what, List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    double p50 = sorted.get(sorted.size() / 2);
    double p95 = sorted.get((int) Math.min(sorted.size() - 1, Math.round(sorted.size() * 0.95)));
    System.out.printf(
        "%s: p50 %.3f, p95 %.3f, min %.3f, max %.3f (n=%d)%n",
        what, p50, p95, sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
    return p50;
  }

  private static Stack stack() {
    return new Stack(
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
  }
}
