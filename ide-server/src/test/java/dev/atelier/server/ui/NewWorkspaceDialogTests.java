package dev.atelier.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.UI;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.server.account.UserAccount;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.workspace.CreateWorkspaceRequest;
import dev.atelier.server.workspace.Workspace;
import dev.atelier.server.workspace.WorkspaceService;
import dev.atelier.stacks.Stack;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NewWorkspaceDialogTests {

  private static final UserAccount USER = new UserAccount("u1", "ada", "Ada", false, Instant.EPOCH);
  private static final Stack PYTHON =
      new Stack("python", "Python", "", "python:3", null, null, null, null, null, null, null, null);

  private final WorkspaceService workspaces = mock(WorkspaceService.class);
  private final List<Workspace> created = new ArrayList<>();
  private final UI ui = new UI();
  private NewWorkspaceDialog dialog;

  @BeforeEach
  void openDialog() {
    UI.setCurrent(ui);
    dialog = new NewWorkspaceDialog(workspaces, List.of(PYTHON), USER, created::add);
    ui.add(dialog);
  }

  @AfterEach
  void clearUi() {
    UI.setCurrent(null);
  }

  @Test
  void aStackMustBeChosenBeforeTheServerIsAsked() {
    dialog.submit();

    assertThat(field("stack-picker").isInvalid()).isTrue();
    assertThat(field("stack-picker").getErrorMessage()).contains("Choose the stack");
    verify(workspaces, never()).create(any(), any());
  }

  @Test
  void serverValidationErrorsAppearOnTheFieldTheyConcern() {
    dialog.open(PYTHON);
    value("workspace-name").setValue("bad/name");
    when(workspaces.create(eq(USER), any()))
        .thenThrow(new AtelierException(ErrorCode.INVALID_NAME, "Workspace name is not valid."));

    dialog.submit();

    assertThat(field("workspace-name").isInvalid()).isTrue();
    assertThat(field("workspace-name").getErrorMessage()).isEqualTo("Workspace name is not valid.");
    assertThat(field("repository-url").isInvalid()).isFalse();
    assertThat(created).isEmpty();
  }

  @Test
  void otherErrorsAppearAboveTheButtons() {
    dialog.open(PYTHON);
    when(workspaces.create(eq(USER), any()))
        .thenThrow(new AtelierException(ErrorCode.VALIDATION_FAILED, "You have 100 workspaces."));

    dialog.submit();

    Component error = byId("new-workspace-error").orElseThrow();
    assertThat(error.isVisible()).isTrue();
    assertThat(error.getElement().getText()).isEqualTo("You have 100 workspaces.");
  }

  @Test
  void blankOptionalFieldsAreSentAsMissingAndTheResultIsHandedOn() {
    dialog.open(PYTHON);
    value("repository-url").setValue("  https://example.org/r.git ");
    value("workspace-name").setValue("   ");
    Workspace workspace =
        new Workspace(
            "w1",
            "u1",
            "r",
            "python",
            "https://example.org/r.git",
            Phase.PENDING,
            List.of(),
            Instant.EPOCH,
            Instant.EPOCH);
    when(workspaces.create(
            USER, new CreateWorkspaceRequest("python", "https://example.org/r.git", null)))
        .thenReturn(workspace);

    dialog.submit();

    assertThat(created).containsExactly(workspace);
    assertThat(dialog.isOpened()).isFalse();
  }

  @SuppressWarnings("unchecked")
  private HasValue<?, String> value(String id) {
    return (HasValue<?, String>) byId(id).orElseThrow();
  }

  private HasValidation field(String id) {
    return (HasValidation) byId(id).orElseThrow();
  }

  private Optional<Component> byId(String id) {
    return descendants(dialog).filter(c -> id.equals(c.getId().orElse(null))).findFirst();
  }

  private static Stream<Component> descendants(Component root) {
    return Stream.concat(
        Stream.of(root), root.getChildren().flatMap(NewWorkspaceDialogTests::descendants));
  }
}
