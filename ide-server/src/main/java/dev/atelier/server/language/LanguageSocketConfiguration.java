package dev.atelier.server.language;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * Registers {@code /lsp/{workspaceId}}. Spring's default origin check applies: only same-origin
 * pages may open it with the session cookie; other clients authenticate with {@code ?token=}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class LanguageSocketConfiguration implements WebSocketConfigurer {

  static final String PREFIX = "/lsp/";

  private final LanguageSocketHandler handler;

  LanguageSocketConfiguration(LanguageSocketHandler handler) {
    this.handler = handler;
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    registry.addHandler(handler, PREFIX + "*");
  }
}
