package dev.atelier.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.gateway.ClientMessage.Kind;
import dev.atelier.gateway.GatewayException.ErrorCode;
import org.junit.jupiter.api.Test;

class ClientMessageTests {

  @Test
  void requestsNotificationsAndResponsesAreRecognised() {
    ClientMessage request =
        ClientMessage.parse("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"m\",\"params\":{}}");
    assertThat(request.kind()).isEqualTo(Kind.REQUEST);
    assertThat(request.idKey()).isEqualTo("\"a\"");
    assertThat(ClientMessage.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\"}").idKey())
        .isEqualTo("1");
    assertThat(ClientMessage.parse("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":[1]}").kind())
        .isEqualTo(Kind.NOTIFICATION);
    assertThat(ClientMessage.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}").kind())
        .isEqualTo(Kind.RESPONSE);
  }

  @Test
  void malformedMessagesBecomeErrorsWithTheIdWhenReadable() {
    assertError("", ErrorCode.PARSE_ERROR, false);
    assertError("{", ErrorCode.PARSE_ERROR, false);
    assertError("{\"jsonrpc\":\"2.0\",\"method\":\"m\"} trailing", ErrorCode.PARSE_ERROR, false);
    assertError("{jsonrpc:\"2.0\",method:\"m\"}", ErrorCode.PARSE_ERROR, false);
    assertError("[]", ErrorCode.INVALID_REQUEST, false);
    assertError("42", ErrorCode.INVALID_REQUEST, false);
    assertError(
        "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"m\"}", ErrorCode.INVALID_REQUEST, false);
    assertError(
        "{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"m\"}", ErrorCode.INVALID_REQUEST, false);
    assertError("{\"id\":3,\"method\":\"m\"}", ErrorCode.INVALID_REQUEST, true);
    assertError("{\"jsonrpc\":\"2.0\",\"id\":3}", ErrorCode.INVALID_REQUEST, true);
    assertError("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":7}", ErrorCode.INVALID_REQUEST, true);
    assertError(
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"m\",\"params\":5}",
        ErrorCode.INVALID_REQUEST,
        true);
  }

  private static void assertError(String text, ErrorCode code, boolean hasId) {
    ClientMessage message = ClientMessage.parse(text);
    assertThat(message.kind()).as(text).isEqualTo(Kind.INVALID);
    assertThat(message.error().code()).as(text).isEqualTo(code);
    assertThat(message.id() != null).as(text).isEqualTo(hasId);
  }
}
