package dev.atelier.server.tasks.matchers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.extensions.ProblemMatcherContribution;
import dev.atelier.server.extensions.Builtins;
import dev.atelier.server.problems.Problem;
import dev.atelier.server.problems.Problem.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every matcher against output captured from the real tools on this machine (gcc 12, javac 17,
 * Maven 3 with maven-compiler-plugin 3.14, Python 3.11, tsc 5), with the project folder rewritten
 * to {@code /workspace} where the sandbox mounts it.
 */
class ProblemScannerTests {

  private static final List<ProblemMatcherContribution> MATCHERS =
      Builtins.extensions().contributions().problemMatchers();

  private static List<Problem> scan(String output) {
    ProblemScanner scanner = new ProblemScanner(WorkspacePaths.sandbox(), MATCHERS);
    scanner.accept(output);
    return scanner.finish();
  }

  @Test
  void mavenCompilerErrorsAreReportedOnceWithRelativePaths() {
    String output =
        """
        [ERROR] COMPILATION ERROR :\s
        [INFO] -------------------------------------------------------------
        [ERROR] /workspace/src/main/java/demo/Main.java:[4,13] incompatible types: java.lang.String cannot be converted to int
        [ERROR] /workspace/src/main/java/demo/Main.java:[5,5] cannot find symbol
          symbol:   method foo()
          location: class demo.Main
        [INFO] 2 errors\s
        [ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.14.0:compile (default-compile) on project demo: Compilation failure: Compilation failure:\s
        [ERROR] /workspace/src/main/java/demo/Main.java:[4,13] incompatible types: java.lang.String cannot be converted to int
        [ERROR] /workspace/src/main/java/demo/Main.java:[5,5] cannot find symbol
        [ERROR]   symbol:   method foo()
        [ERROR]   location: class demo.Main
        """;
    assertThat(scan(output))
        .containsExactly(
            new Problem(
                "src/main/java/demo/Main.java",
                4,
                13,
                Severity.ERROR,
                "incompatible types: java.lang.String cannot be converted to int",
                "javac"),
            new Problem(
                "src/main/java/demo/Main.java",
                5,
                5,
                Severity.ERROR,
                "cannot find symbol",
                "javac"));
  }

  @Test
  void javacTakesTheColumnFromItsCaretLine() {
    String output =
        """
        Main.java:3: error: incompatible types: String cannot be converted to int
            int x = "s";
                    ^
        Main.java:4: error: cannot find symbol
            foo();
            ^
          symbol:   method foo()
          location: class Main
        2 errors
        """;
    assertThat(scan(output))
        .containsExactly(
            new Problem(
                "Main.java",
                3,
                13,
                Severity.ERROR,
                "incompatible types: String cannot be converted to int",
                "javac"),
            new Problem("Main.java", 4, 5, Severity.ERROR, "cannot find symbol", "javac"));
  }

  @Test
  void gccErrorsAndColouredWarningsFromAPty() {
    String plain =
        "bad.c: In function ‘main’:\r\n"
            + "bad.c:3:3: error: expected ‘,’ or ‘;’ before ‘return’\r\n"
            + "    3 |   return y;\r\n"
            + "      |   ^~~~~~\r\n";
    assertThat(scan(plain))
        .containsExactly(
            new Problem(
                "bad.c", 3, 3, Severity.ERROR, "expected ‘,’ or ‘;’ before ‘return’", "gcc"));

    // gcc -Wall -fdiagnostics-color=always, as a PTY makes it print.
    String coloured =
        "\u001B[01m\u001B[Kwarn.c:\u001B[m\u001B[K In function ‘\u001B[01m\u001B[Kmain\u001B[m\u001B[K’:\r\n"
            + "\u001B[01m\u001B[Kwarn.c:3:7:\u001B[m\u001B[K \u001B[01;35m\u001B[Kwarning: \u001B[m\u001B[Kunused"
            + " variable ‘\u001B[01m\u001B[Kunused\u001B[m\u001B[K’ [\u001B[01;35m\u001B[K-Wunused-variable\u001B[m\u001B[K]\r\n"
            + "    3 |   int \u001B[01;35m\u001B[Kunused\u001B[m\u001B[K;\r\n";
    assertThat(scan(coloured))
        .containsExactly(
            new Problem(
                "warn.c",
                3,
                7,
                Severity.WARNING,
                "unused variable ‘unused’ [-Wunused-variable]",
                "gcc"));
  }

  @Test
  void clangFatalErrorsAndNotes() {
    String output =
        "/workspace/src/x.c:1:10: fatal error: 'nope.h' file not found\n"
            + "/workspace/src/x.c:7:3: note: previous definition is here\n";
    assertThat(scan(output))
        .extracting(Problem::path, Problem::line, Problem::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("src/x.c", 1, Severity.ERROR),
            org.assertj.core.groups.Tuple.tuple("src/x.c", 7, Severity.INFO));
  }

  @Test
  void pythonTracebackPointsAtTheInnermostWorkspaceFrame() {
    String output =
        """
        Traceback (most recent call last):
          File "/workspace/t.py", line 4, in <module>
            f()
          File "/workspace/lib/util.py", line 2, in f
            return undefined_name
                   ^^^^^^^^^^^^^^
          File "/usr/lib/python3.11/json/__init__.py", line 346, in loads
            return _default_decoder.decode(s)
        NameError: name 'undefined_name' is not defined
        """;
    assertThat(scan(output))
        .containsExactly(
            new Problem(
                "lib/util.py",
                2,
                0,
                Severity.ERROR,
                "NameError: name 'undefined_name' is not defined",
                "python"));
  }

  @Test
  void pythonSyntaxErrorWithoutTracebackHeader() {
    String output =
        """
          File "/workspace/s.py", line 1
            print("a"
                 ^
        SyntaxError: '(' was never closed
        """;
    assertThat(scan(output))
        .containsExactly(
            new Problem(
                "s.py", 1, 0, Severity.ERROR, "SyntaxError: '(' was never closed", "python"));
  }

  @Test
  void typescriptPlainAndPrettyFormats() {
    String plain =
        "src/a.ts(1,7): error TS2322: Type 'string' is not assignable to type 'number'.\n"
            + "src/a.ts(2,13): error TS2304: Cannot find name 'missing'.\n";
    String pretty =
        "\u001B[96msrc/a.ts\u001B[0m:\u001B[93m1\u001B[0m:\u001B[93m7\u001B[0m - \u001B[91merror"
            + "\u001B[0m\u001B[90m TS2322: \u001B[0mType 'string' is not assignable to type 'number'.\n"
            + "\n"
            + "\u001B[7m1\u001B[0m const a: number = \"x\";\n"
            + "\u001B[96msrc/a.ts\u001B[0m:\u001B[93m2\u001B[0m:\u001B[93m13\u001B[0m - \u001B[91merror"
            + "\u001B[0m\u001B[90m TS2304: \u001B[0mCannot find name 'missing'.\n"
            + "Found 2 errors in the same file, starting at: src/a.ts\u001B[90m:1\u001B[0m\n";
    List<Problem> expected =
        List.of(
            new Problem(
                "src/a.ts",
                1,
                7,
                Severity.ERROR,
                "TS2322: Type 'string' is not assignable to type 'number'.",
                "tsc"),
            new Problem(
                "src/a.ts", 2, 13, Severity.ERROR, "TS2304: Cannot find name 'missing'.", "tsc"));
    assertThat(scan(plain)).isEqualTo(expected);
    assertThat(scan(pretty)).isEqualTo(expected);
  }

  @Test
  void linesSplitAcrossChunksAreJoined() {
    ProblemScanner scanner = new ProblemScanner(WorkspacePaths.sandbox(), MATCHERS);
    scanner.accept("/workspace/m");
    scanner.accept("ain.c:2:1: err");
    scanner.accept("or: boom");
    assertThat(scanner.finish())
        .containsExactly(new Problem("main.c", 2, 1, Severity.ERROR, "boom", "gcc"));
  }

  @Test
  void pathsOutsideTheWorkspaceAreDropped() {
    assertThat(scan("/usr/include/stdio.h:12:1: error: nope\n../up.c:1:1: error: nope\n"))
        .isEmpty();
    WorkspacePaths paths = WorkspacePaths.sandbox();
    assertThat(paths.relativize("/workspace/./a/../b.c")).contains("b.c");
    assertThat(paths.relativize("./src/x.py")).contains("src/x.py");
    assertThat(paths.relativize("/workspace")).isEmpty();
    assertThat(paths.relativize("<stdin>")).isEmpty();
  }

  @Test
  void ordinaryOutputProducesNothing() {
    assertThat(scan("Hello, world\n[INFO] BUILD SUCCESS\nerror: something without a file\n"))
        .isEmpty();
  }

  @Test
  void aMatcherThatThrowsIsDroppedForTheRunAndTheOthersCarryOn() {
    List<ProblemMatcherContribution> matchers = new java.util.ArrayList<>();
    matchers.add(
        new ProblemMatcherContribution(
            "broken",
            paths ->
                (line, report) -> {
                  throw new IllegalStateException("boom on " + line);
                }));
    matchers.add(
        new ProblemMatcherContribution(
            "refuses-to-start",
            paths -> {
              throw new IllegalStateException("no matcher today");
            }));
    matchers.addAll(MATCHERS);
    ProblemScanner scanner = new ProblemScanner(WorkspacePaths.sandbox(), matchers);
    scanner.accept("first line\n");
    scanner.accept("/workspace/src/a.c:3:5: error: expected ';'\n");
    assertThat(scanner.finish())
        .singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo("src/a.c"));
  }
}
