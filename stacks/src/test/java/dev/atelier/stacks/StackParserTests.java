package dev.atelier.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackParserTests {

  static final String FULL =
      """
      // A stack file using every field the format defines.
      {
        "name": "Full stack",
        "image": "python:3.11",
        "containerEnv": {"PYTHONUNBUFFERED": "1", "APP_MODE": "dev"},
        "forwardPorts": [8000, "9000", "localhost:9229"],
        "postCreateCommand": ["pip", "install", "-r", "requirements.txt"],
        "postStartCommand": "echo started",
        "features": {"ghcr.io/devcontainers/features/node:1": {}},
        "build": {"dockerfile": "Dockerfile"},
        "customizations": {
          "vscode": {"extensions": ["ms-python.python"]},
          "atelier": {
            "description": "Everything at once",
            "tasks": [
              {"name": "build", "command": "make", "group": "build"},
              {"name": "serve", "command": ["python3", "-m", "http.server"], "group": "run"},
              {"name": "test", "command": "python3 -m unittest", "group": "test"},
            ],
            "languageServers": [
              {"language": "python", "fileGlobs": ["**/*.py"], "command": ["/usr/bin/python3", "-m", "pylsp"]}
            ],
            "debugAdapters": [{"type": "python", "command": "/usr/bin/python3 -m debugpy.adapter"}],
            /* block comments are allowed too */
            "resources": {"cpu": 1.5, "memory": "512Mi", "pids": 256},
          },
        },
      }
      """;

  @Test
  void everyFieldIsRead() {
    Stack stack = StackParser.parse("full", ".atelier/stack.json", FULL);

    assertThat(stack.id()).isEqualTo("full");
    assertThat(stack.name()).isEqualTo("Full stack");
    assertThat(stack.description()).isEqualTo("Everything at once");
    assertThat(stack.image()).isEqualTo("python:3.11");
    assertThat(stack.containerEnv()).isEqualTo(Map.of("PYTHONUNBUFFERED", "1", "APP_MODE", "dev"));
    assertThat(stack.forwardPorts()).containsExactly(8000, 9000, 9229);
    assertThat(stack.postCreateCommand())
        .isEqualTo(Command.argv(List.of("pip", "install", "-r", "requirements.txt")));
    assertThat(stack.postStartCommand()).isEqualTo(Command.shell("echo started"));
    assertThat(stack.tasks())
        .containsExactly(
            new Task("build", Command.shell("make"), TaskGroup.BUILD),
            new Task("serve", Command.argv(List.of("python3", "-m", "http.server")), TaskGroup.RUN),
            new Task("test", Command.shell("python3 -m unittest"), TaskGroup.TEST));
    assertThat(stack.languageServers())
        .containsExactly(
            new LanguageServer(
                "python",
                List.of("**/*.py"),
                Command.argv(List.of("/usr/bin/python3", "-m", "pylsp"))));
    assertThat(stack.debugAdapters())
        .containsExactly(
            new DebugAdapter("python", Command.shell("/usr/bin/python3 -m debugpy.adapter")));
    assertThat(stack.resources()).isEqualTo(new Resources(1500, 512L << 20, 256));
  }

  @Test
  void writerOutputParsesBackToTheSameStack() {
    Stack stack = StackParser.parse("full", "full.json", FULL);

    String written = StackWriter.toJson(stack);

    assertThat(StackParser.parse("full", "written.json", written)).isEqualTo(stack);
    assertThat(written).doesNotContain("features").contains("\"memory\" : \"512Mi\"");
  }

  @Test
  void writerKeepsMillicoresAndOddByteCounts() {
    Stack stack =
        new Stack(
            "odd",
            "Odd",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            new Resources(250, 1_000_000_123L, 0));

    Stack back = StackParser.parse("odd", "odd.json", StackWriter.toJson(stack));

    assertThat(back).isEqualTo(stack);
  }

  @Test
  void networkNoneIsParsedAndWrittenBack() {
    Stack stack =
        StackParser.parse(
            "offline",
            "offline.json",
            "{\"customizations\": {\"atelier\": {\"network\": \"none\"}}}");

    assertThat(stack.network()).isEqualTo(NetworkAccess.NONE);
    assertThat(StackParser.parse("offline", "back.json", StackWriter.toJson(stack)))
        .isEqualTo(stack);
    assertThat(StackParser.parse("plain", "plain.json", "{}").network())
        .isEqualTo(NetworkAccess.DEFAULT);
    assertThat(StackWriter.toJson(StackParser.parse("plain", "plain.json", "{}")))
        .doesNotContain("network");
  }

  @Test
  void minimalFileGivesAnEmptyStackNamedAfterItsId() {
    Stack stack = StackParser.parse("plain", "plain.json", "{}");

    assertThat(stack.name()).isEqualTo("plain");
    assertThat(stack.image()).isNull();
    assertThat(stack.tasks()).isEmpty();
    assertThat(stack.postCreateCommand()).isNull();
    assertThat(stack.resources()).isEqualTo(Resources.UNLIMITED);
  }

  @Test
  void explicitNullCountsAsAbsent() {
    Stack stack = StackParser.parse("n", "n.json", "{\"image\": null, \"postStartCommand\": null}");

    assertThat(stack.image()).isNull();
    assertThat(stack.postStartCommand()).isNull();
  }

  @Test
  void idIsDerivedFromTheFileName() {
    assertThat(StackParser.parse("stacks/go.json", "{}").id()).isEqualTo("go");
    assertThat(StackParser.parse(".devcontainer/devcontainer.json", "{}").id())
        .isEqualTo("repository");
    assertThat(StackParser.parse(".devcontainer.json", "{}").id()).isEqualTo("repository");
    assertThat(StackParser.parse(".atelier/stack.json", "{}").id()).isEqualTo("repository");
    assertThat(StackParser.idFromSourceName("C:\\stacks\\Rust.jsonc")).isEqualTo("rust");
  }

  @Test
  void cpuAcceptsCoresAndMillicores() {
    assertThat(cpu("2")).isEqualTo(2000);
    assertThat(cpu("0.25")).isEqualTo(250);
    assertThat(cpu("\"500m\"")).isEqualTo(500);
    assertThat(cpu("\"1.5\"")).isEqualTo(1500);
  }

  @Test
  void memoryAcceptsKubernetesAndDockerUnits() {
    assertThat(memory("\"2Gi\"")).isEqualTo(2L << 30);
    assertThat(memory("\"512Mi\"")).isEqualTo(512L << 20);
    assertThat(memory("\"1g\"")).isEqualTo(1L << 30);
    assertThat(memory("\"512m\"")).isEqualTo(512L << 20);
    assertThat(memory("\"1.5Gi\"")).isEqualTo(3L << 29);
    assertThat(memory("\"2G\"")).isEqualTo(2_000_000_000L);
    assertThat(memory("1073741824")).isEqualTo(1L << 30);
  }

  @Test
  void byteOrderMarkIsTolerated() {
    assertThat(StackParser.parse("bom", "bom.json", "\uFEFF{\"name\": \"B\"}").name())
        .isEqualTo("B");
  }

  @Test
  void stackHelpersFindTasksAndServers() {
    Stack stack = StackParser.parse("full", "full.json", FULL);

    assertThat(stack.task("serve")).map(Task::group).contains(TaskGroup.RUN);
    assertThat(stack.task("deploy")).isEmpty();
    assertThat(stack.tasks(TaskGroup.TEST)).extracting(Task::name).containsExactly("test");
    assertThat(stack.languageServer("python")).isPresent();
    assertThat(stack.debugAdapter("python")).isPresent();
    assertThat(stack.debugAdapter("java")).isEmpty();
  }

  @Test
  void otherResourceLimitsKeepEverythingElseOfTheStack() {
    Stack offline =
        StackParser.parse(
            "offline",
            "offline.json",
            "{\"customizations\": {\"atelier\": {\"network\": \"none\"}}}");
    Stack limited = offline.withResources(Resources.UNLIMITED);
    assertThat(limited.network()).isEqualTo(NetworkAccess.NONE);
    assertThat(limited).usingRecursiveComparison().ignoringFields("resources").isEqualTo(offline);
  }

  private static long cpu(String value) {
    return StackParser.parse("r", "r.json", resources("\"cpu\": " + value)).resources().cpuMillis();
  }

  private static long memory(String value) {
    return StackParser.parse("r", "r.json", resources("\"memory\": " + value))
        .resources()
        .memoryBytes();
  }

  static String resources(String body) {
    return "{\"customizations\": {\"atelier\": {\"resources\": {" + body + "}}}}";
  }
}
