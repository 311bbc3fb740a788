package dev.atelier.runtime.local;

import static dev.atelier.runtime.local.TestRuntimes.run;
import static dev.atelier.runtime.local.TestRuntimes.spec;
import static dev.atelier.runtime.local.TestRuntimes.stack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a process in workspace A can and cannot do, with real bubblewrap: A and B run side by side
 * under a runtime root whose parent stands for the server's data directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalSandboxIsolationIntegrationTests {

  private Path serverHome;
  private Path root;
  private LocalWorkspaceRuntime runtime;
  private final String a = TestRuntimes.newId();
  private final String b = TestRuntimes.newId();
  private ExecProcess bProcess;

  @BeforeAll
  void startTwoWorkspaces(@TempDir Path serverHome) throws Exception {
    TestRuntimes.assumeBubblewrap();
    this.serverHome = serverHome;
    root = serverHome.resolve("workspaces");
    Files.writeString(serverHome.resolve("server-secret.txt"), "server secret");
    runtime = new LocalWorkspaceRuntime(TestRuntimes.sandboxed(root));
    runtime.start(spec(a, stack(), null)).get(30, TimeUnit.SECONDS);
    runtime.start(spec(b, stack(), null)).get(30, TimeUnit.SECONDS);
    runtime.files(b).write("b-secret.txt", "b secret".getBytes());
    bProcess = runtime.exec(b, ExecRequest.of("sleep", "4242"));
  }

  @AfterAll
  void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void cannotReadAnotherWorkspaceNorTheServerDataDirectory() throws Exception {
    Path bFile = root.resolve(b).resolve("b-secret.txt");
    Path serverFile = serverHome.resolve("server-secret.txt");
    assertThat(Files.readString(bFile)).isEqualTo("b secret"); // the paths are right on the host

    TestRuntimes.Result result =
        run(
            runtime,
            a,
            "cat '"
                + bFile
                + "'; echo rc=$?; cat '"
                + serverFile
                + "'; echo rc=$?; "
                + "ls '"
                + root
                + "'; echo rc=$?; cat /workspace/../"
                + b
                + "/b-secret.txt; echo rc=$?; "
                + "find / \\( -path /proc -o -path /usr \\) -prune -o \\( -name 'b-secret.txt' -o -name"
                + " 'server-secret.txt' \\) -print 2>/dev/null; echo done");

    assertThat(result.out()).containsSubsequence("rc=1", "rc=1", "rc=2", "rc=1", "done");
    assertThat(result.out()).doesNotContain("b secret", "server secret");
    assertThat(result.out().lines().filter(l -> l.startsWith("/"))).isEmpty();
  }

  @Test
  void seesOnlyItsOwnProcesses() throws Exception {
    assertThat(bProcess.isAlive()).isTrue();
    ExecProcess own = runtime.exec(a, ExecRequest.of("sleep", "4343"));
    try {
      TestRuntimes.Result ps =
          run(
              runtime,
              a,
              "until ps -eo args | grep -q '^sleep 4343'; do sleep 0.01; done;"
                  + " ps -eo pid,args; cat /proc/[0-9]*/cmdline | tr '\\0' ' '");
      assertThat(ps.code()).isZero();
      // another exec of the same workspace is visible: one sandbox per workspace
      assertThat(ps.out()).contains("sleep 4343");
      assertThat(ps.out()).doesNotContain("sleep 4242", "surefire", "/tmp/junit");
      long processes = ps.out().lines().skip(1).filter(l -> l.trim().matches("\\d+ .*")).count();
      assertThat(processes).isLessThan(12);
    } finally {
      own.kill();
    }
  }

  @Test
  void cannotWriteOutsideWorkspaceAndTmp() throws Exception {
    List<String> forbidden =
        List.of(
            "/x",
            "/usr/x",
            "/usr/bin/x",
            "/etc/x",
            "/etc/passwd",
            "/dev/x",
            "/var/x",
            "/bin/x",
            "/proc/sys/kernel/x");
    StringBuilder script = new StringBuilder();
    for (String path : forbidden) {
      script
          .append("(echo data > ")
          .append(path)
          .append(") 2>/dev/null && echo WROTE ")
          .append(path)
          .append("; ");
    }
    script.append("mkdir /home 2>/dev/null && echo WROTE /home; ");
    // existing global kernel settings: the sandbox's processes are root outside their namespace
    script.append(
        "v=$(cat /proc/sys/fs/pipe-max-size); (echo $v > /proc/sys/fs/pipe-max-size) 2>/dev/null && echo WROTE sysctl; ");
    script.append("find /proc/sys -writable -type f 2>/dev/null | head -3 | sed 's/^/WROTE /'; ");
    script.append("echo ok > /tmp/t && echo tmp-ok; echo ok > /workspace/w && echo ws-ok; ");
    script.append("echo ok > /var/tmp/v && echo vartmp-ok");

    TestRuntimes.Result result = run(runtime, a, script.toString());

    assertThat(result.out()).doesNotContain("WROTE");
    assertThat(result.out()).contains("tmp-ok", "ws-ok", "vartmp-ok");
    assertThat(root.resolve(a).resolve("w")).hasContent("ok");
  }

  @Test
  void runsAsUid1000WithoutCapabilitiesOrNewUserNamespaces() throws Exception {
    TestRuntimes.Result result =
        run(
            runtime,
            a,
            "id -u; id -g; whoami; grep -E '^(CapInh|CapPrm|CapEff|CapAmb|NoNewPrivs)' /proc/self/status; "
                + "unshare -U true 2>/dev/null && echo USERNS; hostname");

    assertThat(result.out())
        .startsWith("1000\n1000\natelier\n")
        .contains(
            "CapInh:\t0000000000000000",
            "CapPrm:\t0000000000000000",
            "CapEff:\t0000000000000000",
            "CapAmb:\t0000000000000000",
            "NoNewPrivs:\t1")
        .doesNotContain("USERNS")
        .endsWith("workspace\n");
  }

  @Test
  void seesAMinimalEtcWithoutHostAccounts() throws Exception {
    TestRuntimes.Result result =
        run(runtime, a, "cat /etc/passwd; ls /etc/shadow 2>&1; ls /root 2>&1");

    assertThat(result.out()).contains("atelier:x:1000:1000:");
    assertThat(result.out()).contains("cannot access '/etc/shadow': No such file");
    assertThat(result.out().lines().filter(l -> l.contains(":x:")).count()).isEqualTo(3);
  }

  @Test
  void toolsUnderUsrWork() throws Exception {
    TestRuntimes.Result result =
        run(
            runtime,
            a,
            "/usr/bin/python3 -c 'print(6*7)'; java -version 2>&1 | head -1; echo done");

    assertThat(result.out()).startsWith("42\n").contains("version").endsWith("done\n");
  }
}
