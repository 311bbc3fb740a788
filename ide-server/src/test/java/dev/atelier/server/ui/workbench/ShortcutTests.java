package dev.atelier.server.ui.workbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.KeyModifier;
import org.junit.jupiter.api.Test;

class ShortcutTests {

  @Test
  void parsesModifiersAndALetterMatchedByCharacterAndCode() {
    Shortcut shortcut = Shortcut.parse("Ctrl+Shift+P");
    assertThat(shortcut.modifiers()).containsExactly(KeyModifier.CONTROL, KeyModifier.SHIFT);
    // With Shift held the browser reports "P"; the physical key is KeyP either way.
    assertThat(shortcut.key().getKeys()).contains("p", "P", "KeyP");
  }

  @Test
  void parsesNamedKeysAndFunctionKeys() {
    assertThat(Shortcut.parse("F1").key().getKeys()).containsExactly("F1");
    assertThat(Shortcut.parse("F1").modifiers()).isEmpty();
    assertThat(Shortcut.parse("Alt+PageDown").key()).isEqualTo(Key.PAGE_DOWN);
    assertThat(Shortcut.parse("alt+pagedown").modifiers()).containsExactly(KeyModifier.ALT);
    assertThat(Shortcut.parse("Ctrl+`").key().getKeys()).contains("`", "Backquote");
    assertThat(Shortcut.parse("Cmd+1").modifiers()).containsExactly(KeyModifier.META);
  }

  @Test
  void ctrlShortcutsHaveACmdVariantForMacs() {
    assertThat(Shortcut.parse("Ctrl+Shift+T").macVariant())
        .hasValueSatisfying(
            mac ->
                assertThat(mac.modifiers()).containsExactly(KeyModifier.META, KeyModifier.SHIFT));
    assertThat(Shortcut.parse("Alt+W").macVariant()).isEmpty();
  }

  @Test
  void badShortcutsSayWhatIsWrong() {
    assertThatThrownBy(() -> Shortcut.parse("Hyper+K"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown modifier 'Hyper'");
    assertThatThrownBy(() -> Shortcut.parse("Ctrl+Banana"))
        .hasMessageContaining("Unknown key 'Banana'");
    assertThatThrownBy(() -> Shortcut.parse(" ")).hasMessageContaining("needs a key");
  }
}
