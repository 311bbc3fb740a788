package dev.atelier.gateway.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.lsp4j.Position;
import org.junit.jupiter.api.Test;

class PositionsTests {

  @Test
  void everyKindOfLineBreakEndsALine() {
    String text = "a\nb\r\nc\rd";
    assertThat(Positions.of(text, text.indexOf('b'))).isEqualTo(new Position(1, 0));
    assertThat(Positions.of(text, text.indexOf('c'))).isEqualTo(new Position(2, 0));
    assertThat(Positions.of(text, text.indexOf('d'))).isEqualTo(new Position(3, 0));
    assertThat(Positions.offsetOf(text, new Position(3, 0))).isEqualTo(text.indexOf('d'));
  }

  @Test
  void charactersPastTheLineEndClampToIt() {
    assertThat(Positions.offsetOf("ab\ncd", new Position(0, 99))).isEqualTo(2);
    assertThat(Positions.offsetOf("ab\ncd", new Position(9, 0))).isEqualTo(5);
  }

  @Test
  void offsetsAndPositionsRoundTrip() {
    String text = "line\r\nzweite 😀 Zeile\rthird\n";
    for (int offset = 0; offset <= text.length(); offset++) {
      if (offset > 0
          && text.charAt(offset - 1) == '\r'
          && offset < text.length()
          && text.charAt(offset) == '\n') {
        continue; // inside CR LF: not a position
      }
      assertThat(Positions.offsetOf(text, Positions.of(text, offset)))
          .as("offset %d", offset)
          .isEqualTo(offset);
    }
  }
}
