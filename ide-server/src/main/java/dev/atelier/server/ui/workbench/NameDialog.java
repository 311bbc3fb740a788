package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.textfield.TextField;
import dev.atelier.server.error.AtelierException;
import java.util.function.Consumer;

/**
 * Asks for a file or folder name (new file, new folder, rename). The action runs on Enter or OK; a
 * refused name keeps the dialog open with the reason under the field.
 */
final class NameDialog extends Dialog {

  private final TextField name = new TextField();

  /**
   * @param action receives the entered text; throws {@link AtelierException} to refuse it
   */
  NameDialog(String title, String label, String initial, Consumer<String> action) {
    setHeaderTitle(title);
    name.setLabel(label);
    name.setValue(initial == null ? "" : initial);
    name.setWidthFull();
    name.setAutofocus(true);
    name.getElement().setAttribute("data-testid", "name-field");
    name.setValueChangeMode(com.vaadin.flow.data.value.ValueChangeMode.EAGER);
    name.addValueChangeListener(e -> name.setInvalid(false));
    add(name);
    Button ok = new Button("OK", e -> submit(action));
    ok.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    ok.getElement().setAttribute("data-testid", "name-ok");
    ok.addClickShortcut(Key.ENTER);
    Button cancel = new Button("Cancel", e -> close());
    getFooter().add(cancel, ok);
    setWidth("420px");
    addOpenedChangeListener(
        e -> {
          if (e.isOpened() && initial != null) {
            int dot = initial.lastIndexOf('.');
            // select the name without its extension, as editors do on rename
            name.getElement()
                .executeJs(
                    "setTimeout(() => { const i = this.inputElement; if (i) { i.focus();"
                        + " i.setSelectionRange(0, $0); } }, 50)",
                    dot > 0 ? dot : initial.length());
          }
        });
  }

  private void submit(Consumer<String> action) {
    try {
      action.accept(name.getValue());
      close();
    } catch (AtelierException e) {
      name.setErrorMessage(e.getMessage());
      name.setInvalid(true);
    }
  }
}
