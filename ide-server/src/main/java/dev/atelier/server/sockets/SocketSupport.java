package dev.atelier.server.sockets;

import dev.atelier.server.account.AtelierPrincipal;
import java.security.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;

/** What every WebSocket endpoint does the same way: who connected, and releasing what it held. */
public final class SocketSupport {
  private static final Logger log = LoggerFactory.getLogger(SocketSupport.class);

  private SocketSupport() {}

  /** The signed-in user's id, or null for an anonymous handshake. */
  public static String userId(Principal principal) {
    if (principal instanceof Authentication auth
        && auth.getPrincipal() instanceof AtelierPrincipal p) {
      return p.userId();
    }
    return null;
  }

  /**
   * Closes each resource a closed socket held (subscriptions, registrations), every one even when
   * another fails: a failure is logged, since the socket is gone and nobody else can act on it.
   */
  public static void release(Iterable<? extends AutoCloseable> resources, String kind) {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        log.debug("Releasing a {} socket resource failed", kind, e);
      }
    }
  }
}
