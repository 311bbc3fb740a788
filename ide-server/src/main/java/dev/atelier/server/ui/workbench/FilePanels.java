package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import dev.atelier.server.error.AtelierException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shared plumbing of the file panels (explorer, search, quick open, ports): error messages, one
 * small scheduler for debounced refreshes and polling, and running work off the UI thread with the
 * result pushed back through {@link UI#access}.
 */
final class FilePanels {

  private static final Logger log = LoggerFactory.getLogger(FilePanels.class);

  /** Background work of the file panels: debounces, port polling, searches. */
  static final ScheduledExecutorService SCHEDULER =
      Executors.newScheduledThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "atelier-file-panels");
            t.setDaemon(true);
            return t;
          });

  private FilePanels() {}

  /** Shows what went wrong in words the user can act on. */
  static void error(String text) {
    Notification notification = Notification.show(text, 8000, Notification.Position.BOTTOM_START);
    notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
    notification.getElement().setAttribute("data-testid", "error-notification");
  }

  /** Runs {@code action}, showing an {@link AtelierException} as an error notification. */
  static boolean attempt(Runnable action) {
    try {
      action.run();
      return true;
    } catch (AtelierException e) {
      error(e.getMessage());
      return false;
    }
  }

  /** Pushes {@code action} to the page, ignoring pages that were closed meanwhile. */
  static void push(UI ui, Runnable action) {
    try {
      ui.access(action::run);
    } catch (com.vaadin.flow.component.UIDetachedException e) {
      // the page is gone
    } catch (RuntimeException e) {
      log.debug("Pushing to a page failed", e);
    }
  }

  /** Coalesces bursts of calls into one run {@code delayMillis} after the last call. */
  static final class Debouncer {
    private final long delayMillis;
    private final Runnable action;
    private ScheduledFuture<?> pending;

    Debouncer(long delayMillis, Runnable action) {
      this.delayMillis = delayMillis;
      this.action = action;
    }

    synchronized void trigger() {
      if (pending != null) {
        pending.cancel(false);
      }
      pending = SCHEDULER.schedule(action, delayMillis, TimeUnit.MILLISECONDS);
    }

    synchronized void cancel() {
      if (pending != null) {
        pending.cancel(false);
        pending = null;
      }
    }
  }
}
