package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;

/** Short messages in the corner of the workbench. */
final class WorkbenchNotices {

  private static final int INFO_MILLIS = 3000;
  private static final int ERROR_MILLIS = 8000;

  private WorkbenchNotices() {}

  static void info(String text) {
    Notification.show(text, INFO_MILLIS, Notification.Position.BOTTOM_END);
  }

  /** An error the user has to read: stays longer and is announced by screen readers. */
  static void error(String text) {
    Notification notification =
        Notification.show(text, ERROR_MILLIS, Notification.Position.BOTTOM_END);
    notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
    notification.getElement().setAttribute("data-testid", "error-notification");
  }
}
