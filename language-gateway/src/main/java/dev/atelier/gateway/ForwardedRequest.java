package dev.atelier.gateway;

import com.google.gson.JsonElement;
import java.util.concurrent.ScheduledFuture;

/**
 * A client request on its way through the gateway: who asked (session and the id it used), which
 * server answers, and the id that server knows it by once sent. Confined to the workspace's
 * executor.
 */
final class ForwardedRequest {

  final GatewaySession session;
  final JsonElement clientId;
  final String idKey;
  final String method;
  final ManagedServer server;
  ServerConnection connection;
  long serverId = -1;
  ScheduledFuture<?> timeout;
  boolean done;

  ForwardedRequest(GatewaySession session, ClientMessage message, ManagedServer server) {
    this.session = session;
    this.clientId = message.id();
    this.idKey = message.idKey();
    this.method = message.method();
    this.server = server;
  }

  /** Asks the server to drop the request, if it got it, and forgets its answer. */
  void abandonAtServer() {
    if (connection != null) {
      connection.cancel(serverId);
      connection.abandon(serverId);
    }
  }
}
