package dev.atelier.server.ui.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The small parsers and rules behind the workbench page. */
class WorkbenchPartsTests {

  @Test
  void gitHeadNamesTheBranchOrTheDetachedCommit() {
    assertThat(GitBranch.fromHead(bytes("ref: refs/heads/main\n"))).hasValue("main");
    assertThat(GitBranch.fromHead(bytes("ref: refs/heads/feature/login\n")))
        .hasValue("feature/login");
    assertThat(GitBranch.fromHead(bytes("3f786850e387550fdab836ed7e6dc881de23001b\n")))
        .hasValue("3f78685");
    assertThat(GitBranch.fromHead(bytes("garbage"))).isEmpty();
    assertThat(GitBranch.fromHead(bytes(""))).isEmpty();
  }

  @Test
  void userColoursAreStableAndDifferBetweenUsers() {
    UserColors alice = UserColors.of("6f1c2a9e-0000-4000-8000-000000000001");
    assertThat(UserColors.of("6f1c2a9e-0000-4000-8000-000000000001")).isEqualTo(alice);
    assertThat(alice.color()).matches("#[0-9a-f]{6}");
    assertThat(alice.colorLight()).isEqualTo(alice.color() + "33");
    assertThat(UserColors.of("6f1c2a9e-0000-4000-8000-000000000002").color())
        .isNotEqualTo(alice.color());
  }

  @Test
  void fragmentsNameAFileWithAnOptionalPosition() {
    assertThat(FileLocation.fromFragment("#file=src/app.py"))
        .hasValue(new FileLocation("src/app.py", 0, 0));
    assertThat(FileLocation.fromFragment("#file=src/app.py:12"))
        .hasValue(new FileLocation("src/app.py", 12, 0));
    assertThat(FileLocation.fromFragment("file=src/app.py:12:5"))
        .hasValue(new FileLocation("src/app.py", 12, 5));
    assertThat(FileLocation.fromFragment("#file=my%20notes/a+b.md"))
        .hasValue(new FileLocation("my notes/a+b.md", 0, 0));
    assertThat(FileLocation.fromFragment("#x=1&file=./a.py"))
        .hasValue(new FileLocation("a.py", 0, 0));
    assertThat(FileLocation.fromFragment("#other")).isEmpty();
    assertThat(FileLocation.fromFragment("")).isEmpty();
    assertThat(FileLocation.fromFragment(null)).isEmpty();
  }

  @Test
  void pathsAreCleanedToWorkspaceRelativeForm() {
    assertThat(WorkbenchView.cleanPath("/src//main.py")).isEqualTo("src/main.py");
    assertThat(WorkbenchView.cleanPath("./a.py")).isEqualTo("a.py");
    assertThat(WorkbenchView.cleanPath("src\\a.py")).isEqualTo("src/a.py");
    assertThat(WorkbenchView.cleanPath("  ")).isEmpty();
    assertThat(WorkbenchView.cleanPath(null)).isEmpty();
  }

  @Test
  void themeCookieNamesAreSafe() {
    assertThat(WorkbenchTheme.cookieName("6f1c2a9e-0000-4000-8000-000000000001"))
        .isEqualTo("atelier-theme-6f1c2a9e-0000-4000-8000-000000000001");
    assertThat(WorkbenchTheme.cookieName("a b;c=d")).isEqualTo("atelier-theme-a_b_c_d");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
