package dev.atelier.server.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.atelier.server.account.AccountService;
import dev.atelier.server.account.UserAccount;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.limits.WorkspaceLimitSettings;
import dev.atelier.server.limits.WorkspaceLimits;
import jakarta.annotation.security.RolesAllowed;

/**
 * Workspace limits: the defaults a stack without limits gets and the ceilings no stack can exceed
 * (CPU, memory, processes), and the terminals per workspace. Admins only; a change applies to the
 * next start of each workspace.
 */
@Route(value = "admin/limits", layout = MainLayout.class)
@PageTitle("Workspace limits · Atelier")
@RolesAllowed("ADMIN")
public class WorkspaceLimitsView extends Div {

  private final WorkspaceLimits limits;
  private final UserAccount admin;
  private final TextField defaultCpu = field("Default CPU", "default-cpu", "cores, e.g. 2 or 500m");
  private final TextField maxCpu = field("Maximum CPU", "max-cpu", "cores, e.g. 4");
  private final TextField defaultMemory =
      field("Default memory", "default-memory", "e.g. 2Gi or 512Mi");
  private final TextField maxMemory = field("Maximum memory", "max-memory", "e.g. 8Gi");
  private final TextField defaultPids =
      field("Default processes", "default-pids", "threads count, e.g. 512");
  private final TextField maxPids = field("Maximum processes", "max-pids", "e.g. 2048");
  private final TextField maxTerminals =
      field("Terminals per workspace", "max-terminals", "1 to 1000");
  private final Paragraph error = new Paragraph();

  public WorkspaceLimitsView(WorkspaceLimits limits, AccountService accounts) {
    this.limits = limits;
    this.admin = accounts.currentUser();
    addClassName("atelier-page");
    setId("workspace-limits");

    H2 title = new H2("Workspace limits");
    Paragraph subtitle =
        new Paragraph(
            "Every workspace runs with these bounds, whatever its stack (built-in or the"
                + " repository's own file) asks for: a stack without a limit gets the default, one"
                + " asking for more than the maximum gets the maximum and its workspace says so."
                + " Changes apply when a workspace starts next.");
    subtitle.addClassName("atelier-subtitle");
    Div header = new Div(new Div(title, subtitle));
    header.addClassName("atelier-page-header");

    FormLayout form =
        new FormLayout(
            defaultCpu, maxCpu, defaultMemory, maxMemory, defaultPids, maxPids, maxTerminals);
    form.setResponsiveSteps(
        new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("30em", 2));
    error.setId("limits-error");
    error.addClassName("atelier-form-error");
    error.setVisible(false);
    Button save = new Button("Save", event -> save());
    save.setId("save-limits");
    save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    add(header, form, error, save);
    show(limits.current());
  }

  /** Stores the fields' values; a refused value is shown above the button. */
  void save() {
    WorkspaceLimitSettings wanted;
    try {
      wanted =
          new WorkspaceLimitSettings(
              defaultCpu.getValue(),
              maxCpu.getValue(),
              defaultMemory.getValue(),
              maxMemory.getValue(),
              number(defaultPids, "Default processes"),
              number(maxPids, "Maximum processes"),
              (int) Math.min(Integer.MAX_VALUE, number(maxTerminals, "Terminals per workspace")));
      show(limits.update(admin, wanted));
    } catch (IllegalArgumentException | AtelierException e) {
      error.setText(e.getMessage());
      error.setVisible(true);
      return;
    }
    error.setVisible(false);
    Notifications.success("Workspace limits saved; they apply when a workspace starts next");
  }

  /** The error shown after a refused save, or empty (for tests). */
  String errorText() {
    return error.isVisible() ? error.getText() : "";
  }

  private void show(WorkspaceLimitSettings current) {
    defaultCpu.setValue(current.defaultCpu());
    maxCpu.setValue(current.maxCpu());
    defaultMemory.setValue(current.defaultMemory());
    maxMemory.setValue(current.maxMemory());
    defaultPids.setValue(String.valueOf(current.defaultPids()));
    maxPids.setValue(String.valueOf(current.maxPids()));
    maxTerminals.setValue(String.valueOf(current.maxTerminals()));
  }

  private static long number(TextField field, String label) {
    String text = field.getValue().strip();
    if (!text.matches("\\d{1,18}")) {
      throw new IllegalArgumentException(
          label + ": found \"" + text + "\", give a whole number from 1");
    }
    return Long.parseLong(text);
  }

  private static TextField field(String label, String id, String helper) {
    TextField field = new TextField(label);
    field.setId(id);
    field.setHelperText(helper);
    field.setMaxLength(40);
    return field;
  }
}
