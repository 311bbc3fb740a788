package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.KeyModifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A key binding written as in menus ({@code Ctrl+Shift+P}, {@code F1}, {@code Alt+ArrowUp}), parsed
 * into what Vaadin's shortcut API takes.
 *
 * @param key the key (matched by character and by physical key code, so Shift+P matches too)
 * @param modifiers the modifiers that must be held
 */
record Shortcut(Key key, List<KeyModifier> modifiers) {

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException when it is not of the form {@code [Modifier+]*Key}
   */
  static Shortcut parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("A shortcut needs a key, e.g. Ctrl+Shift+P");
    }
    String[] parts = text.strip().split("\\+(?!$)");
    List<KeyModifier> modifiers = new ArrayList<>();
    for (int i = 0; i < parts.length - 1; i++) {
      modifiers.add(modifier(parts[i].strip(), text));
    }
    return new Shortcut(key(parts[parts.length - 1].strip(), text), List.copyOf(modifiers));
  }

  /** The same binding with Cmd instead of Ctrl (for macOS), or empty when it has no Ctrl. */
  java.util.Optional<Shortcut> macVariant() {
    if (!modifiers.contains(KeyModifier.CONTROL) || modifiers.contains(KeyModifier.META)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        new Shortcut(
            key,
            modifiers.stream().map(m -> m == KeyModifier.CONTROL ? KeyModifier.META : m).toList()));
  }

  KeyModifier[] modifierArray() {
    return modifiers.toArray(KeyModifier[]::new);
  }

  private static KeyModifier modifier(String name, String text) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "ctrl", "control" -> KeyModifier.CONTROL;
      case "shift" -> KeyModifier.SHIFT;
      case "alt", "option" -> KeyModifier.ALT;
      case "meta", "cmd", "command" -> KeyModifier.META;
      default ->
          throw new IllegalArgumentException(
              "Unknown modifier '"
                  + name
                  + "' in shortcut '"
                  + text
                  + "': use Ctrl, Shift, Alt or Cmd");
    };
  }

  private static Key key(String name, String text) {
    if (name.length() == 1) {
      char c = name.charAt(0);
      if (Character.isLetter(c)) {
        String lower = String.valueOf(Character.toLowerCase(c));
        return Key.of(
            lower,
            String.valueOf(Character.toUpperCase(c)),
            "Key" + lower.toUpperCase(Locale.ROOT));
      }
      if (Character.isDigit(c)) {
        return Key.of(name, "Digit" + c);
      }
      return switch (c) {
        case '`' -> Key.of("`", "Backquote");
        case ',' -> Key.of(",", "Comma");
        case '.' -> Key.of(".", "Period");
        case '/' -> Key.of("/", "Slash");
        default -> Key.of(name);
      };
    }
    if (name.matches("(?i)f([1-9]|1[0-2])")) {
      return Key.of(name.toUpperCase(Locale.ROOT));
    }
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "enter" -> Key.ENTER;
      case "escape", "esc" -> Key.ESCAPE;
      case "tab" -> Key.TAB;
      case "space" -> Key.SPACE;
      case "backspace" -> Key.BACKSPACE;
      case "delete" -> Key.DELETE;
      case "arrowup", "up" -> Key.ARROW_UP;
      case "arrowdown", "down" -> Key.ARROW_DOWN;
      case "arrowleft", "left" -> Key.ARROW_LEFT;
      case "arrowright", "right" -> Key.ARROW_RIGHT;
      case "pageup" -> Key.PAGE_UP;
      case "pagedown" -> Key.PAGE_DOWN;
      case "home" -> Key.HOME;
      case "end" -> Key.END;
      default ->
          throw new IllegalArgumentException(
              "Unknown key '" + name + "' in shortcut '" + text + "'");
    };
  }
}
