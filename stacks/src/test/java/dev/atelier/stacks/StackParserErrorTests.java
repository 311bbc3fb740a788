package dev.atelier.stacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.atelier.stacks.StackException.ErrorCode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StackParserErrorTests {

  private static final String SOURCE = ".atelier/stack.json";

  static String atelier(String body) {
    return "{\"customizations\": {\"atelier\": {" + body + "}}}";
  }

  static String task(String body) {
    return atelier(
        "\"tasks\": [{\"name\": \"ok\", \"command\": \"make\", \"group\": \"build\"}, {"
            + body
            + "}]");
  }

  static Stream<Arguments> invalidFiles() {
    return Stream.of(
        Arguments.of("{\"name\": 3}", ErrorCode.INVALID_FIELD, "name", "found the number 3, give"),
        Arguments.of(
            "[1, 2]",
            ErrorCode.INVALID_FIELD,
            "",
            "found an array, the file must hold one JSON object"),
        Arguments.of(
            "{\"containerEnv\": []}", ErrorCode.INVALID_FIELD, "containerEnv", "give an object"),
        Arguments.of(
            "{\"containerEnv\": {\"PORT\": 8080}}",
            ErrorCode.INVALID_FIELD,
            "containerEnv.PORT",
            "give the value as a string, e.g. \"8080\""),
        Arguments.of(
            "{\"containerEnv\": {\"1X\": \"a\"}}",
            ErrorCode.INVALID_FIELD,
            "containerEnv.1X",
            "not a valid environment variable name"),
        Arguments.of(
            atelier("\"network\": \"off\""),
            ErrorCode.INVALID_FIELD,
            "customizations.atelier.network",
            "found the string \"off\", give \"none\" (loopback only) or \"default\""),
        Arguments.of(
            atelier("\"network\": false"),
            ErrorCode.INVALID_FIELD,
            "customizations.atelier.network",
            "give \"none\""),
        Arguments.of(
            "{\"forwardPorts\": 3000}", ErrorCode.INVALID_FIELD, "forwardPorts", "give an array"),
        Arguments.of(
            "{\"forwardPorts\": [80, 70000]}",
            ErrorCode.INVALID_FIELD,
            "forwardPorts[1]",
            "out of range"),
        Arguments.of(
            "{\"forwardPorts\": [0]}", ErrorCode.INVALID_FIELD, "forwardPorts[0]", "out of range"),
        Arguments.of(
            "{\"forwardPorts\": [\"db:5432\"]}",
            ErrorCode.INVALID_FIELD,
            "forwardPorts[0]",
            "ports of other hosts"),
        Arguments.of(
            "{\"forwardPorts\": [80.5]}",
            ErrorCode.INVALID_FIELD,
            "forwardPorts[0]",
            "port number"),
        Arguments.of(
            "{\"forwardPorts\": [80, \"80\"]}",
            ErrorCode.DUPLICATE,
            "forwardPorts[1]",
            "already listed at forwardPorts[0]"),
        Arguments.of(
            "{\"postCreateCommand\": {\"a\": \"x\", \"b\": \"y\"}}",
            ErrorCode.INVALID_FIELD,
            "postCreateCommand",
            "object form"),
        Arguments.of(
            "{\"postStartCommand\": []}",
            ErrorCode.INVALID_FIELD,
            "postStartCommand",
            "found an empty array, give the command to run"),
        Arguments.of(
            "{\"postStartCommand\": [\"ls\", 1]}",
            ErrorCode.INVALID_FIELD,
            "postStartCommand[1]",
            "must be a string"),
        Arguments.of(
            "{\"customizations\": {\"atelier\": []}}",
            ErrorCode.INVALID_FIELD,
            "customizations.atelier",
            "give an object"),
        Arguments.of(
            atelier("\"taks\": []"),
            ErrorCode.UNKNOWN_FIELD,
            "customizations.atelier.taks",
            "unknown key, did you mean \"tasks\"?"),
        Arguments.of(
            atelier("\"tasks\": {}"),
            ErrorCode.INVALID_FIELD,
            "customizations.atelier.tasks",
            "found an object, give an array"),
        Arguments.of(
            task("\"name\": \"run\", \"group\": \"run\""),
            ErrorCode.MISSING_FIELD,
            "customizations.atelier.tasks[1].command",
            "required, give the command to run as a string or an array of strings"),
        Arguments.of(
            task("\"name\": \"run\", \"command\": 5, \"group\": \"run\""),
            ErrorCode.INVALID_FIELD,
            "customizations.atelier.tasks[1].command",
            "found the number 5, give the command"),
        Arguments.of(
            task("\"name\": \"run\", \"command\": \"  \", \"group\": \"run\""),
            ErrorCode.INVALID_FIELD,
            "customizations.atelier.tasks[1].command",
            "found an empty string"),
        Arguments.of(
            task("\"name\": \"run\", \"command\": \"x\", \"group\": \"deploy\""),
            ErrorCode.INVALID_FIELD,
            "customizations.atelier.tasks[1].group",
            "found the string \"deploy\", give one of \"build\", \"run\", \"test\""),
        Arguments.of(
            task("\"name\": \"run\", \"command\": \"x\""),
            ErrorCode.MISSING_FIELD,
            "customizations.atelier.tasks[1].group",
            "required"),
        Arguments.of(
            task("\"command\": \"x\", \"group\": \"run\""),
            ErrorCode.MISSING_FIELD,
            "customizations.atelier.tasks[1].name",
            "required"),
        Arguments.of(
            task("\"name\": \"ok\", \"command\": \"x\", \"group\": \"run\""),
            ErrorCode.DUPLICATE,
            "customizations.atelier.tasks[1].name",
            "already defined at customizations.atelier.tasks[0]"),
        Arguments.of(
            task("\"name\": \"r\", \"command\": \"x\", \"group\": \"run\", \"cwd\": \"/\""),
            ErrorCode.UNKNOWN_FIELD,
            "customizations.atelier.tasks[1].cwd",
            "Allowed keys here: command, group, name"),
        Arguments.of(
            atelier("\"languageServers\": [{\"language\": \"c\", \"command\": \"clangd\"}]"),
            ErrorCode.MISSING_FIELD,
            "customizations.atelier.languageServers[0].fileGlobs",
            "glob"),
        Arguments.of(
            atelier(
                "\"languageServers\": [{\"language\": \"c\", \"fileGlobs\": [], \"command\": \"clangd\"}]"),
            ErrorCode.INVALID_FIELD,
            "customizations.atelier.languageServers[0].fileGlobs",
            "non-empty"),
        Arguments.of(
            atelier(
                "\"languageServers\": [{\"language\": \"c\", \"fileGlobs\": [\"*.c\", 3], \"command\": \"clangd\"}]"),
            ErrorCode.INVALID_FIELD,
            "customizations.atelier.languageServers[0].fileGlobs[1]",
            "glob string"),
        Arguments.of(
            atelier("\"languageServers\": [{\"language\": \"c\", \"fileGlobs\": [\"*.c\"]}]"),
            ErrorCode.MISSING_FIELD,
            "customizations.atelier.languageServers[0].command",
            "required"),
        Arguments.of(
            atelier("\"debugAdapters\": [{\"command\": \"gdb\"}]"),
            ErrorCode.MISSING_FIELD,
            "customizations.atelier.debugAdapters[0].type",
            "required"),
        Arguments.of(
            atelier(
                "\"debugAdapters\": [{\"type\": \"a\", \"command\": \"x\"}, {\"type\": \"a\", \"command\": \"y\"}]"),
            ErrorCode.DUPLICATE,
            "customizations.atelier.debugAdapters[1].type",
            "one adapter per type"),
        Arguments.of(
            atelier("\"resources\": {\"memory\": \"2Gb\"}"),
            ErrorCode.INVALID_FIELD,
            "customizations.atelier.resources.memory",
            "unknown memory unit \"Gb\""),
        Arguments.of(
            atelier("\"resources\": {\"memory\": \"lots\"}"),
            ErrorCode.INVALID_FIELD,
            "customizations.atelier.resources.memory",
            "give a size such as \"2Gi\""),
        Arguments.of(
            atelier("\"resources\": {\"memory\": 512}"),
            ErrorCode.INVALID_FIELD,
            "customizations.atelier.resources.memory",
            "write a unit such as \"512Mi\""),
        Arguments.of(
            atelier("\"resources\": {\"cpu\": 0}"),
            ErrorCode.INVALID_FIELD,
            "customizations.atelier.resources.cpu",
            "must be positive"),
        Arguments.of(
            atelier("\"resources\": {\"cpu\": \"two\"}"),
            ErrorCode.INVALID_FIELD,
            "customizations.atelier.resources.cpu",
            "millicores"),
        Arguments.of(
            atelier("\"resources\": {\"cpu\": 0.0001}"),
            ErrorCode.INVALID_FIELD,
            "customizations.atelier.resources.cpu",
            "one millicore"),
        Arguments.of(
            atelier("\"resources\": {\"pids\": \"many\"}"),
            ErrorCode.INVALID_FIELD,
            "customizations.atelier.resources.pids",
            "whole number"),
        Arguments.of(
            atelier("\"resources\": {\"disk\": \"10Gi\"}"),
            ErrorCode.UNKNOWN_FIELD,
            "customizations.atelier.resources.disk",
            "Allowed keys here: cpu, memory, pids"));
  }

  @ParameterizedTest
  @MethodSource("invalidFiles")
  void invalidFieldIsReportedWithFileAndPath(
      String json, ErrorCode code, String path, String detailFragment) {
    StackException e =
        catchThrowableOfType(StackException.class, () -> StackParser.parse("s", SOURCE, json));

    assertThat(e).as("no exception for %s", json).isNotNull();
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.sourceName()).isEqualTo(SOURCE);
    assertThat(e.fieldPath()).isEqualTo(path);
    assertThat(e.getMessage())
        .startsWith(path.isEmpty() ? SOURCE + ": " : SOURCE + ": " + path + ": ")
        .contains(detailFragment);
  }

  @Test
  void malformedJsonReportsLineColumnAndPath() {
    String json =
        "{\n  \"name\": \"x\",\n  \"customizations\": {\"atelier\": {\"tasks\": [\n    {\"name\" \"build\"}\n  ]}}\n}";

    StackException e =
        catchThrowableOfType(StackException.class, () -> StackParser.parse("s", SOURCE, json));

    assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_JSON);
    assertThat(e.line()).isEqualTo(4);
    assertThat(e.column()).isEqualTo(13);
    assertThat(e.fieldPath()).isEqualTo("customizations.atelier.tasks[0].name");
    assertThat(e.getMessage())
        .startsWith(SOURCE + ":4:13: customizations.atelier.tasks[0].name: malformed JSON: ")
        .endsWith("fix the syntax (comments and trailing commas are allowed)");
  }

  @Test
  void truncatedFileIsMalformed() {
    StackException e =
        catchThrowableOfType(
            StackException.class, () -> StackParser.parse("s", SOURCE, "{\"name\": \"x\","));

    assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_JSON);
    assertThat(e.line()).isEqualTo(1);
    assertThat(e.getMessage()).startsWith(SOURCE + ":1:").contains("malformed JSON");
  }

  @Test
  void duplicateKeyIsReportedWithPosition() {
    StackException e =
        catchThrowableOfType(
            StackException.class,
            () -> StackParser.parse("s", SOURCE, "{\"name\": \"a\",\n \"name\": \"b\"}"));

    assertThat(e.code()).isEqualTo(ErrorCode.DUPLICATE);
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.getMessage()).startsWith(SOURCE + ":2:").contains("duplicate key 'name'");
  }

  @Test
  void trailingContentAfterTheObjectIsMalformed() {
    assertThatThrownBy(() -> StackParser.parse("s", SOURCE, "{} {}"))
        .isInstanceOfSatisfying(
            StackException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_JSON))
        .hasMessageStartingWith(SOURCE + ":1:");
  }

  @Test
  void emptyFileIsMalformed() {
    assertThatThrownBy(() -> StackParser.parse("s", SOURCE, "  // only a comment\n"))
        .isInstanceOfSatisfying(
            StackException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_JSON))
        .hasMessage(
            SOURCE
                + ": the file is empty, write a JSON object such as {\"name\": \"My stack\","
                + " \"image\": \"python:3.11\"}");
  }

  @Test
  void oversizedFileIsRejectedBeforeParsing() {
    String json = "{\"name\": \"" + "x".repeat(StackParser.MAX_LENGTH) + "\"}";

    assertThatThrownBy(() -> StackParser.parse("s", SOURCE, json))
        .isInstanceOf(StackException.class)
        .hasMessageContaining("larger than 1024 KiB");
  }

  @Test
  void unknownTopLevelDevcontainerKeysAreIgnored() {
    String json =
        "{\"features\": {}, \"build\": {\"dockerfile\": \"x\"}, \"remoteUser\": \"node\","
            + " \"customizations\": {\"vscode\": {\"anything\": 1}}}";

    assertThat(StackParser.parse("s", SOURCE, json).id()).isEqualTo("s");
  }

  @Test
  void invalidIdIsAProgrammingError() {
    assertThatThrownBy(() -> StackParser.parse("Bad Id", SOURCE, "{}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Bad Id");
  }
}
