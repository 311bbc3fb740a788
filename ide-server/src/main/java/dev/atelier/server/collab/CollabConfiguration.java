package dev.atelier.server.collab;

import dev.atelier.collab.hub.HubOptions;
import dev.atelier.documents.autoconfigure.CollabProperties;
import dev.atelier.documents.autoconfigure.DocumentsAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * Wires the {@code /collab/**} socket (same-origin check for browsers, like every socket here). The
 * document hub, the document–file bridge and the language gateway's document source come from the
 * {@code documents} module's auto-configuration.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class CollabConfiguration implements WebSocketConfigurer {

  private final CollabSocketHandler handler;

  CollabConfiguration(CollabSocketHandler handler) {
    this.handler = handler;
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    registry.addHandler(handler, "/collab/**");
  }

  static HubOptions hubOptions(CollabProperties properties) {
    return DocumentsAutoConfiguration.hubOptions(properties);
  }
}
