package dev.atelier.server.ui;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;

/** Short-lived messages in the corner of the screen. */
final class Notifications {

  private static final int SUCCESS_MILLIS = 3000;
  private static final int ERROR_MILLIS = 8000;

  private Notifications() {}

  static void success(String text) {
    Notification notification =
        Notification.show(text, SUCCESS_MILLIS, Notification.Position.BOTTOM_START);
    notification.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
  }

  /** An error the user has to read: stays longer and is announced by screen readers. */
  static void error(String text) {
    Notification notification =
        Notification.show(text, ERROR_MILLIS, Notification.Position.BOTTOM_START);
    notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
    notification.getElement().setAttribute("data-testid", "error-notification");
  }
}
