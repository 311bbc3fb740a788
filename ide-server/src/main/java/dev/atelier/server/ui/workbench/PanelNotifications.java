package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;

/** Error messages of the terminal, build log and problems panels. */
final class PanelNotifications {

  private PanelNotifications() {}

  /** An error the user has to read: stays a while and is announced by screen readers. */
  static void error(String text) {
    Notification notification = Notification.show(text, 8000, Notification.Position.BOTTOM_END);
    notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
    notification.getElement().setAttribute("role", "alert");
  }
}
