package dev.atelier.server.sharing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Closes the access of guests whose link expired. Requests are refused from the moment of expiry
 * anyway (the role check compares with the clock); this sweep also closes their open sockets.
 */
@Component
class ExpiredShareSweeper {

  private static final Logger log = LoggerFactory.getLogger(ExpiredShareSweeper.class);

  private final SharingService sharing;

  ExpiredShareSweeper(SharingService sharing) {
    this.sharing = sharing;
  }

  @Scheduled(initialDelay = 5_000, fixedDelay = 5_000)
  void sweep() {
    try {
      int dropped = sharing.dropExpired();
      if (dropped > 0) {
        log.info("Ended the access of {} guest(s) whose share link expired", dropped);
      }
    } catch (RuntimeException e) {
      // The database may be briefly unavailable; the next sweep tries again.
      log.warn("Sweeping expired share links failed: {}", e.toString());
    }
  }
}
