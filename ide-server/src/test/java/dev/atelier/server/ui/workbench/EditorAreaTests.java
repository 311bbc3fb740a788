package dev.atelier.server.ui.workbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.ui.editor.CodeEditor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EditorAreaTests {

  private final List<String> activations = new ArrayList<>();
  private final List<String> created = new ArrayList<>();
  private EditorArea area;

  @BeforeEach
  void setUp() {
    UI ui = new UI();
    UI.setCurrent(ui);
    area =
        new EditorArea(
            path -> {
              if (path.startsWith("missing")) {
                throw new AtelierException(ErrorCode.NOT_FOUND, "There is no file '" + path + "'");
              }
              created.add(path);
              return path.endsWith(".bin")
                  ? new EditorArea.Content(new Div(), null)
                  : new EditorArea.Content(new CodeEditor("ws-1", path), null);
            },
            tab -> activations.add(tab == null ? "<none>" : tab.path()));
    ui.add(area);
  }

  @AfterEach
  void tearDown() {
    UI.setCurrent(null);
  }

  @Test
  void openingTwiceSelectsTheExistingTab() {
    area.open("a.py");
    area.open("b.py");
    area.open("a.py");
    assertThat(created).containsExactly("a.py", "b.py");
    assertThat(paths()).containsExactly("a.py", "b.py");
    assertThat(area.active()).hasValueSatisfying(t -> assertThat(t.path()).isEqualTo("a.py"));
    assertThat(activations).containsExactly("a.py", "b.py", "a.py");
  }

  @Test
  void onlyTheActiveFileIsVisible() {
    EditorTab a = area.open("a.py");
    EditorTab b = area.open("b.py");
    assertThat(a.content().isVisible()).isFalse();
    assertThat(b.content().isVisible()).isTrue();
  }

  @Test
  void closingTheActiveTabActivatesItsNeighbourAndTheLastOneEmptiesTheArea() {
    area.open("a.py");
    area.open("b.py");
    area.open("c.py");
    area.open("b.py");
    area.closeActive();
    assertThat(paths()).containsExactly("a.py", "c.py");
    assertThat(area.active()).hasValueSatisfying(t -> assertThat(t.path()).isEqualTo("c.py"));
    area.closeActive();
    area.closeActive();
    assertThat(area.active()).isEmpty();
    assertThat(activations).endsWith("<none>");
  }

  @Test
  void reopenClosedBringsBackTheLastClosedFirst() {
    area.open("a.py");
    area.open("b.py");
    area.open("c.py");
    area.close(area.find("a.py").orElseThrow());
    area.close(area.find("c.py").orElseThrow());
    assertThat(area.reopenClosed()).hasValueSatisfying(t -> assertThat(t.path()).isEqualTo("c.py"));
    assertThat(area.reopenClosed()).hasValueSatisfying(t -> assertThat(t.path()).isEqualTo("a.py"));
    assertThat(area.reopenClosed()).isEmpty();
    assertThat(paths()).containsExactly("b.py", "c.py", "a.py");
  }

  @Test
  void tabsMoveAndCycle() {
    area.open("a.py");
    area.open("b.py");
    EditorTab c = area.open("c.py");
    area.move(c, 0);
    assertThat(paths()).containsExactly("c.py", "a.py", "b.py");
    assertThat(area.active()).contains(c);
    area.cycle(1);
    assertThat(area.active().orElseThrow().path()).isEqualTo("a.py");
    area.cycle(-2);
    assertThat(area.active().orElseThrow().path()).isEqualTo("b.py");
  }

  @Test
  void aFileThatCannotBeOpenedLeavesTheTabsAlone() {
    area.open("a.py");
    assertThatThrownBy(() -> area.open("missing.py")).isInstanceOf(AtelierException.class);
    assertThat(paths()).containsExactly("a.py");
  }

  @Test
  void dirtyMarkerFollowsTheDocumentState() {
    EditorTab a = area.open("a.py");
    a.setDirty(true);
    assertThat(a.tab().getElement().getAttribute("data-dirty")).isEqualTo("true");
    a.setDirty(false);
    assertThat(a.dirty()).isFalse();
  }

  private List<String> paths() {
    return area.tabs().stream().map(EditorTab::path).toList();
  }
}
