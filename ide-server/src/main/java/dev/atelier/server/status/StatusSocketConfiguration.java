package dev.atelier.server.status;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * Registers {@code /api/events}. Only same-origin browser pages may open it (Spring's default
 * origin check), which blocks cross-site WebSocket hijacking with the session cookie.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class StatusSocketConfiguration implements WebSocketConfigurer {

  static final String PATH = "/api/events";

  private final StatusSocketHandler handler;

  StatusSocketConfiguration(StatusSocketHandler handler) {
    this.handler = handler;
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    registry.addHandler(handler, PATH);
  }
}
