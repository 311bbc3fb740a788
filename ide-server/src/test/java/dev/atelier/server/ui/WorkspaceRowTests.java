package dev.atelier.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.dom.Element;
import dev.atelier.runtime.spi.Condition;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.server.workspace.Workspace;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkspaceRowTests {

  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private final TimeFormat time = new TimeFormat(Clock.fixed(NOW, ZoneOffset.UTC));
  private final List<String> calls = new ArrayList<>();
  private final WorkspaceRow.Actions actions =
      new WorkspaceRow.Actions() {
        @Override
        public void start(Workspace workspace) {
          calls.add("start " + workspace.id());
        }

        @Override
        public void stop(Workspace workspace) {
          calls.add("stop " + workspace.id());
        }

        @Override
        public void delete(Workspace workspace) {
          calls.add("delete " + workspace.id());
        }

        @Override
        public void share(Workspace workspace) {
          calls.add("share " + workspace.id());
        }
      };

  @Test
  void pendingWorkspaceShowsProgressAndCanOnlyBeStopped() {
    WorkspaceRow row = new WorkspaceRow(workspace(Phase.PENDING), "Python", time, actions);

    assertThat(row.getElement().getAttribute("data-workspace-id")).isEqualTo("ws-1");
    assertThat(row.getElement().getAttribute("data-phase")).isEqualTo("PENDING");
    assertThat(badge(row).getText()).isEqualTo("Pending");
    assertThat(testId(row, "progress").getComponent().map(Component::isVisible)).contains(true);
    assertThat(button(row, "start").isEnabled()).isFalse();
    assertThat(button(row, "stop").isEnabled()).isTrue();
    assertThat(testId(row, "last-used").getText()).isEqualTo("5 minutes ago");
  }

  @Test
  void statusEventsChangeTheBadgeInPlace() {
    WorkspaceRow row = new WorkspaceRow(workspace(Phase.PENDING), "Python", time, actions);
    Element badge = badge(row);

    row.applyStatus(Phase.RUNNING, List.of());

    assertThat(badge(row)).isEqualTo(badge);
    assertThat(badge.getAttribute("data-phase")).isEqualTo("RUNNING");
    assertThat(badge.getAttribute("theme")).isEqualTo("badge success");
    assertThat(testId(row, "progress").getComponent().map(Component::isVisible)).contains(false);
    assertThat(row.workspace().phase()).isEqualTo(Phase.RUNNING);
  }

  @Test
  void failedWorkspaceShowsWhyAndCanBeStartedAgain() {
    WorkspaceRow row = new WorkspaceRow(workspace(Phase.CREATING), "Python", time, actions);

    row.applyStatus(Phase.FAILED, List.of(Condition.of("cloneFailed", "repository not found")));

    Element condition = testId(row, "condition");
    assertThat(condition.getComponent().map(Component::isVisible)).contains(true);
    assertThat(condition.getText()).isEqualTo("cloneFailed: repository not found");
    assertThat(badge(row).getAttribute("theme")).isEqualTo("badge error");
    assertThat(button(row, "start").isEnabled()).isTrue();
    assertThat(button(row, "stop").isEnabled()).isFalse();
  }

  @Test
  void buttonsCallTheDashboardWithTheCurrentWorkspace() {
    WorkspaceRow row = new WorkspaceRow(workspace(Phase.STOPPED), "Python", time, actions);

    button(row, "start").click();
    row.applyStatus(Phase.RUNNING, List.of());
    button(row, "stop").click();
    button(row, "share").click();
    button(row, "delete").click();

    assertThat(calls).containsExactly("start ws-1", "stop ws-1", "share ws-1", "delete ws-1");
  }

  @Test
  void repositoryUrlsAreShortenedForReading() {
    assertThat(WorkspaceRow.shorten("https://github.com/owner/repo.git"))
        .isEqualTo("github.com/owner/repo");
    assertThat(WorkspaceRow.shorten("git@host:owner/repo")).isEqualTo("git@host:owner/repo");
  }

  private static Workspace workspace(Phase phase) {
    return new Workspace(
        "ws-1",
        "user-1",
        "demo",
        "python",
        "https://example.org/demo.git",
        phase,
        List.of(),
        NOW.minusSeconds(3600),
        NOW.minusSeconds(300));
  }

  private static Element badge(WorkspaceRow row) {
    return find(row.getElement(), e -> e.hasAttribute("data-phase") && e != row.getElement())
        .orElseThrow();
  }

  private static Element testId(WorkspaceRow row, String id) {
    return find(row.getElement(), e -> id.equals(e.getAttribute("data-testid"))).orElseThrow();
  }

  private static Button button(WorkspaceRow row, String action) {
    return (Button)
        find(row.getElement(), e -> action.equals(e.getAttribute("data-action")))
            .flatMap(Element::getComponent)
            .orElseThrow();
  }

  private static Optional<Element> find(
      Element root, java.util.function.Predicate<Element> matches) {
    if (matches.test(root)) {
      return Optional.of(root);
    }
    return root.getChildren()
        .map(child -> find(child, matches))
        .flatMap(Optional::stream)
        .findFirst();
  }
}
