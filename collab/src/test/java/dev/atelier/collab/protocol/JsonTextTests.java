package dev.atelier.collab.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.collab.CollabException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTextTests {

  @Test
  void compactsValidJson() {
    assertThat(
            JsonText.compact(" { \"a\" : [ 1 , -2.5e+3 , true , null , \"x \\\" \\u00e9\" ] } ", 8))
        .isEqualTo("{\"a\":[1,-2.5e+3,true,null,\"x \\\" \\u00e9\"]}");
    assertThat(JsonText.compact("null", 1)).isEqualTo("null");
    assertThat(JsonText.compact("\"😀\"", 1)).isEqualTo("\"😀\"");
    assertThat(JsonText.compact("{}", 1)).isEqualTo("{}");
    assertThat(JsonText.compact("[]", 1)).isEqualTo("[]");
    assertThat(JsonText.compact("0", 1)).isEqualTo("0");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{",
        "{\"a\"}",
        "{\"a\":1,}",
        "[1,]",
        "01",
        "1.",
        "-",
        "1e",
        "tru",
        "\"\\x\"",
        "\"abc",
        "'a'",
        "{a:1}",
        "[1] 2",
        "\"\u0001\"",
        "\"\\u12\"",
        "NaN",
        "+1"
      })
  void rejectsInvalidJson(String json) {
    assertThatThrownBy(() -> JsonText.compact(json, 8))
        .isInstanceOf(CollabException.class)
        .extracting(e -> ((CollabException) e).code())
        .isEqualTo(CollabException.ErrorCode.MALFORMED);
  }

  @Test
  void deepNestingIsALimitNotAStackOverflow() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    assertThatThrownBy(() -> JsonText.compact(deep, 64))
        .isInstanceOf(CollabException.class)
        .extracting(e -> ((CollabException) e).code())
        .isEqualTo(CollabException.ErrorCode.LIMIT_EXCEEDED);
  }
}
