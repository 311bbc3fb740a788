package dev.atelier.stacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.stacks.StackException.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class StackCatalogTests {

  @Test
  void findAndRequireAnUnknownId() {
    StackCatalog catalog =
        StackCatalog.of(
            List.of(
                StackParser.parse("java-maven", "j.json", "{}"),
                StackParser.parse("python", "p.json", "{}")));

    assertThat(catalog.find("ruby")).isEmpty();
    assertThat(catalog.find(null)).isEmpty();
    assertThatThrownBy(() -> catalog.require("ruby"))
        .isInstanceOfSatisfying(
            StackException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
        .hasMessage("stack catalog: unknown stack \"ruby\", choose one of: java-maven, python");
  }

  @Test
  void ofKeepsOrderAndRejectsDuplicateIds() {
    Stack a = StackParser.parse("a", "a.json", "{}");
    Stack b = StackParser.parse("b", "b.json", "{}");

    assertThat(StackCatalog.of(List.of(b, a)).all()).containsExactly(b, a);
    assertThatThrownBy(() -> StackCatalog.of(List.of(a, b, a)))
        .isInstanceOfSatisfying(
            StackException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DUPLICATE))
        .hasMessageContaining("\"a\"");
  }
}
