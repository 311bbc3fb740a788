package dev.atelier.server.tasks;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/** Registers {@code /tasks/{workspaceId}} (same-origin only, like every workspace socket). */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class TaskSocketConfiguration implements WebSocketConfigurer {

  private final TaskSocketHandler handler;

  TaskSocketConfiguration(TaskSocketHandler handler) {
    this.handler = handler;
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    registry.addHandler(handler, "/tasks/*");
  }
}
