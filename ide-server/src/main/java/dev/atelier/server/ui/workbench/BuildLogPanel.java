package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.tasks.StackTask;
import dev.atelier.server.tasks.TaskListener;
import dev.atelier.server.tasks.TaskRun;
import dev.atelier.server.tasks.TaskRunner;
import dev.atelier.server.workspace.WorkspaceRole;
import dev.atelier.ui.terminal.LogView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Build log tab of the bottom panel: a task picker with Run and Stop, the state of the last run
 * (exit code, duration), and the streamed output of every kept run with ANSI colours. The output
 * goes straight from the server's task socket to the browser; this panel follows only the starts
 * and exits. Contributes {@code Tasks: Run <task>} and {@code Tasks: Stop} commands.
 */
public class BuildLogPanel extends VerticalLayout {

  private final Workbench workbench;
  private final TaskRunner runner;
  private final Select<StackTask> picker = new Select<>();
  private final Button run = new Button("Run", VaadinIcon.PLAY.create());
  private final Button stop = new Button("Stop", VaadinIcon.STOP.create());
  private final Span status = new Span();
  private final LogView log;

  /** Runs in progress, by run id (touched on the UI thread only). */
  private final Map<String, TaskRun> running = new LinkedHashMap<>();

  private AutoCloseable subscription;

  public BuildLogPanel(Workbench workbench, TaskRunner runner) {
    this.workbench = workbench;
    this.runner = runner;
    addClassName("atelier-build-log-panel");
    setPadding(false);
    setSpacing(false);
    setSizeFull();

    List<StackTask> tasks = runner.tasks(workbench.workspace().id());
    picker.setItems(tasks);
    picker.setItemLabelGenerator(t -> t.name() + " — " + t.command());
    picker.setAriaLabel("Task");
    picker.setWidth("18em");
    if (!tasks.isEmpty()) {
      picker.setValue(
          tasks.stream().filter(t -> t.group().equals("run")).findFirst().orElse(tasks.get(0)));
    }
    run.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_PRIMARY);
    run.addClickListener(e -> runSelected());
    stop.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
    stop.addClickListener(e -> stopAll());
    Button clear = new Button(VaadinIcon.TRASH.create(), e -> clearLog());
    clear.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
    clear.setTooltipText("Clear the screen (runs are kept on the server)");
    clear.setAriaLabel("Clear");
    status.addClassName("atelier-build-status");
    status.getStyle().set("font-size", "var(--lumo-font-size-s)");
    HorizontalLayout toolbar = new HorizontalLayout(picker, run, stop, clear, status);
    toolbar.setAlignItems(FlexComponent.Alignment.CENTER);
    toolbar.setWidthFull();
    toolbar.getStyle().set("padding", "0 var(--lumo-space-s)");

    log = new LogView("tasks/" + workbench.workspace().id());
    log.getStyle().set("min-height", "0");
    add(toolbar, log);
    setFlexGrow(1, log);

    boolean writable = writable();
    picker.setEnabled(writable && !tasks.isEmpty());
    run.setEnabled(writable && !tasks.isEmpty());
    stop.setEnabled(false);
    if (tasks.isEmpty()) {
      status.setText("This workspace's stack defines no tasks.");
    }
    if (writable) {
      boolean firstBuild = true;
      for (StackTask task : tasks) {
        String shortcut = null;
        if (firstBuild && task.group().equals("build")) {
          shortcut = "Ctrl+Shift+B";
          firstBuild = false;
        }
        workbench.registerCommand(
            new WorkbenchCommand(
                "tasks.run." + task.name(),
                "Tasks: Run " + task.name(),
                shortcut,
                () -> run(task.name())));
      }
      workbench.registerCommand(
          new WorkbenchCommand("tasks.stop", "Tasks: Stop Running Tasks", null, this::stopAll));
    }
  }

  @Override
  protected void onAttach(AttachEvent attachEvent) {
    super.onAttach(attachEvent);
    UI ui = attachEvent.getUI();
    running.clear();
    subscription =
        runner.subscribe(
            workbench.workspace().id(),
            new TaskListener() {
              @Override
              public void started(TaskRun taskRun) {
                ui.access(() -> onStarted(taskRun));
              }

              @Override
              public void output(String runId, String data) {
                // The browser receives output directly from the task socket.
              }

              @Override
              public void exited(TaskRun taskRun) {
                ui.access(() -> onExited(taskRun));
              }
            });
  }

  @Override
  protected void onDetach(DetachEvent detachEvent) {
    if (subscription != null) {
      try {
        subscription.close();
      } catch (Exception e) {
        // unsubscribing from an in-memory list does not fail
      }
      subscription = null;
    }
    super.onDetach(detachEvent);
  }

  private void clearLog() {
    log.clear();
  }

  /** Runs a task of the stack, showing an error when it cannot start. */
  public void run(String task) {
    try {
      runner.run(workbench.workspace().id(), task);
    } catch (AtelierException e) {
      PanelNotifications.error(e.getMessage());
    }
  }

  private void runSelected() {
    if (picker.getValue() != null) {
      run(picker.getValue().name());
    }
  }

  private void stopAll() {
    for (TaskRun taskRun : List.copyOf(running.values())) {
      try {
        runner.stop(workbench.workspace().id(), taskRun.runId());
      } catch (AtelierException e) {
        PanelNotifications.error(e.getMessage());
      }
    }
  }

  private void onStarted(TaskRun taskRun) {
    running.put(taskRun.runId(), taskRun);
    status.setText(taskRun.task() + ": running…");
    status.getElement().setAttribute("state", "running");
    stop.setEnabled(writable());
  }

  private void onExited(TaskRun taskRun) {
    running.remove(taskRun.runId());
    String text;
    if (taskRun.stopped()) {
      text = taskRun.task() + ": stopped after " + duration(taskRun.durationMs());
    } else {
      text =
          taskRun.task()
              + ": exited with code "
              + taskRun.exitCode()
              + " in "
              + duration(taskRun.durationMs());
    }
    status.setText(text);
    status
        .getElement()
        .setAttribute(
            "state",
            taskRun.stopped() ? "stopped" : taskRun.exitCode() == 0 ? "succeeded" : "failed");
    status
        .getStyle()
        .set(
            "color",
            taskRun.exitCode() != null && taskRun.exitCode() == 0 && !taskRun.stopped()
                ? "var(--lumo-success-text-color)"
                : "var(--lumo-error-text-color)");
    stop.setEnabled(writable() && !running.isEmpty());
  }

  static String duration(Long millis) {
    long ms = millis == null ? 0 : millis;
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    return (ms / 60_000) + " min " + Math.round((ms % 60_000) / 1000.0) + " s";
  }

  private boolean writable() {
    return workbench.role().atLeast(WorkspaceRole.WRITE);
  }
}
