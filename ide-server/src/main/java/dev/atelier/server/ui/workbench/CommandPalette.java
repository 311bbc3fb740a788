package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The command palette (Ctrl+Shift+P): every registered command, filtered fuzzily as one types;
 * arrow keys move the selection, Enter or a click runs it.
 */
final class CommandPalette extends Dialog {

  private static final int MAX_SHOWN = 50;

  private final Commands commands;
  private final Runnable afterRun;
  private final TextField filter = new TextField();
  private final Div list = new Div();
  private List<WorkbenchCommand> shown = List.of();
  private int selected;

  /**
   * @param afterRun called after a command ran from the palette (e.g. to give the editor focus
   *     back)
   */
  CommandPalette(Commands commands, Runnable afterRun) {
    this.commands = commands;
    this.afterRun = afterRun;
    setId("command-palette");
    setTop("10vh");
    setWidth("36rem");
    setMaxWidth("92vw");
    addClassName("atelier-palette");
    filter.setId("command-palette-input");
    filter.setPlaceholder("Type a command");
    filter.setWidthFull();
    filter.setValueChangeMode(ValueChangeMode.EAGER);
    filter.addValueChangeListener(event -> refresh());
    filter.addKeyDownListener(Key.ARROW_DOWN, event -> move(1));
    filter.addKeyDownListener(Key.ARROW_UP, event -> move(-1));
    filter.addKeyDownListener(Key.ENTER, event -> runSelected());
    list.setId("command-palette-list");
    list.addClassName("atelier-palette-list");
    add(filter, list);
  }

  /** Opens the palette with an empty filter. */
  void show() {
    filter.clear();
    refresh();
    open();
    filter.focus();
  }

  private void refresh() {
    shown =
        FuzzyMatch.filter(
            filter.getValue(),
            commands.all().stream().filter(WorkbenchCommand::palette).toList(),
            WorkbenchCommand::label);
    selected = 0;
    render();
  }

  private void render() {
    list.removeAll();
    if (shown.isEmpty()) {
      Div none = new Div(new Span("No matching command"));
      none.addClassName("atelier-palette-empty");
      list.add(none);
      return;
    }
    List<Div> rows = new ArrayList<>();
    for (int i = 0; i < Math.min(shown.size(), MAX_SHOWN); i++) {
      WorkbenchCommand command = shown.get(i);
      Span label = new Span(command.label());
      Div row = new Div(label);
      if (command.shortcut() != null) {
        Span keys = new Span(command.shortcut());
        keys.addClassName("atelier-palette-keys");
        row.add(keys);
      }
      row.addClassName("atelier-palette-item");
      row.getElement().setAttribute("data-command-id", command.id());
      if (i == selected) {
        row.getElement().setAttribute("selected", true);
      }
      row.addClickListener(event -> run(command));
      rows.add(row);
    }
    rows.forEach(list::add);
  }

  private void move(int delta) {
    if (shown.isEmpty()) {
      return;
    }
    int count = Math.min(shown.size(), MAX_SHOWN);
    selected = Math.floorMod(selected + delta, count);
    render();
  }

  private void runSelected() {
    if (!shown.isEmpty()) {
      run(shown.get(selected));
    }
  }

  private void run(WorkbenchCommand command) {
    close();
    commands.run(command);
    afterRun.run();
  }
}
