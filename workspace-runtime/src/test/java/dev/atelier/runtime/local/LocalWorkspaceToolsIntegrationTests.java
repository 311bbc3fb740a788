package dev.atelier.runtime.local;

import static dev.atelier.runtime.local.TestRuntimes.spec;
import static dev.atelier.runtime.local.TestRuntimes.stack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.runtime.internal.ToolJars;
import dev.atelier.runtime.local.tooltest.EchoTool;
import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import dev.atelier.runtime.spi.WorkspaceTool;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's own tools (debug adapters, language servers, the Git worker) run inside a real
 * sandbox from a jar packed from the class path, mounted read-only; a tool whose classes are
 * missing is refused with a message that names it.
 */
@Timeout(120)
class LocalWorkspaceToolsIntegrationTests {

  private static final WorkspaceTool ECHO =
      new WorkspaceTool(
          "echo-tool",
          EchoTool.class.getName(),
          List.of("dev/atelier/runtime/local/tooltest/"),
          List.of("-Xmx32m"));

  @TempDir Path root;
  private LocalWorkspaceRuntime runtime;

  @AfterEach
  void tearDown() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void aToolRunsInsideTheSandboxFromAReadOnlyJarAndSpeaksOverStdio() throws Exception {
    TestRuntimes.assumeBubblewrap();
    runtime = new LocalWorkspaceRuntime(TestRuntimes.sandboxed(root));
    String id = TestRuntimes.newId();
    runtime.start(spec(id, stack(), null)).get(30, TimeUnit.SECONDS);

    List<String> argv = runtime.toolCommand(id, ECHO, List.of("one", "two words"));
    assertThat(argv).contains("-Xmx32m", "/opt/atelier/tools/echo-tool.jar");
    // what a repository's stack could set for every process of the workspace
    Map<String, String> hostile =
        Map.of(
            "JAVA_TOOL_OPTIONS", "-javaagent:/workspace/evil.jar",
            "CLASSPATH", "/workspace/evil",
            "_JAVA_OPTIONS", "-Dx=1");
    ExecProcess process = runtime.exec(id, new ExecRequest(argv, hostile, null, null));
    try (OutputStream in = process.stdin()) {
      in.write("hello tool\n".getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(process.stdout().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.onExit().get(20, TimeUnit.SECONDS)).as(out).isZero();
    assertThat(out)
        .isEqualTo(
            "args=one,two words\njar=/opt/atelier/tools/echo-tool.jar\njarWritable=false\n"
                + "helper=Helper\nHELLO TOOL\n");
  }

  @Test
  void aToolWithoutClassesIsRefusedByName() throws Exception {
    runtime = new LocalWorkspaceRuntime(LocalRuntimeOptions.of(root).withSandbox(SandboxMode.OFF));
    String id = TestRuntimes.newId();
    runtime.start(spec(id, stack(), null)).get(30, TimeUnit.SECONDS);
    WorkspaceTool missing =
        new WorkspaceTool("missing", "no.such.Main", List.of("no/such/"), List.of());
    assertThatThrownBy(() -> runtime.toolCommand(id, missing, List.of()))
        .isInstanceOfSatisfying(
            WorkspaceRuntimeException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.START_FAILED);
              assertThat(e.getMessage()).contains("missing", "no/such/");
            });
    assertThatThrownBy(() -> runtime.toolCommand("nope", ECHO, List.of()))
        .isInstanceOf(WorkspaceRuntimeException.class);

    runtime.toolCommand(id, ECHO, List.of());
    WorkspaceTool sameId =
        new WorkspaceTool(
            ECHO.id(), ECHO.mainClass(), List.of("dev/atelier/runtime/local/"), List.of());
    assertThatThrownBy(() -> runtime.toolCommand(id, sameId, List.of()))
        .isInstanceOfSatisfying(
            WorkspaceRuntimeException.class,
            e -> assertThat(e.getMessage()).contains("two different tools are named echo-tool"));
  }

  @Test
  void theJarHoldsOnlyThePrefixesAndIsTheSameBytesEachTime() throws IOException {
    byte[] first = ToolJars.build(ECHO);
    assertThat(ToolJars.build(ECHO)).isEqualTo(first);
    try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(first))) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo(EchoTool.class.getName());
      for (var entry = jar.getNextJarEntry(); entry != null; entry = jar.getNextJarEntry()) {
        assertThat(entry.getName()).startsWith("dev/atelier/runtime/local/tooltest/");
      }
    }
  }

  @Test
  void badToolDeclarationsAreRefused() {
    assertThatThrownBy(() -> new WorkspaceTool("Bad Id", "a.B", List.of("a/"), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WorkspaceTool("t", "a.B", List.of("../etc/"), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WorkspaceTool("t", "x.B", List.of("a/"), List.of()))
        .hasMessageContaining("not under its class prefixes");
    assertThatThrownBy(() -> new WorkspaceTool("t", "a.B", List.of("a/"), List.of("; rm")))
        .hasMessageContaining("bad JVM option");
  }
}
