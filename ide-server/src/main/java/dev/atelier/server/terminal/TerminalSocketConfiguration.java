package dev.atelier.server.terminal;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * Registers {@code /terminal/{workspaceId}/{terminalId}}. Spring's default same-origin check
 * applies, so a foreign page cannot drive a terminal with the user's session cookie.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class TerminalSocketConfiguration implements WebSocketConfigurer {

  private final TerminalSocketHandler handler;

  TerminalSocketConfiguration(TerminalSocketHandler handler) {
    this.handler = handler;
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    registry.addHandler(handler, "/terminal/*/*");
  }
}
