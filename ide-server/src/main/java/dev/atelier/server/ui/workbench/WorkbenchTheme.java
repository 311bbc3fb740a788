package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.theme.lumo.Lumo;
import dev.atelier.ui.editor.CodeEditor;
import jakarta.servlet.http.Cookie;
import java.util.Arrays;

/**
 * The light/dark choice of the workbench, remembered per user in a cookie so that the page renders
 * in the right theme with no extra round trip.
 */
final class WorkbenchTheme {

  private static final String COOKIE_PREFIX = "atelier-theme-";
  private static final int ONE_YEAR_SECONDS = 365 * 24 * 3600;

  private WorkbenchTheme() {}

  /** The theme the user chose last in this browser (light when never chosen). */
  static CodeEditor.Theme remembered(String userId) {
    VaadinRequest request = VaadinRequest.getCurrent();
    Cookie[] cookies = request == null ? null : request.getCookies();
    if (cookies == null) {
      return CodeEditor.Theme.LIGHT;
    }
    return Arrays.stream(cookies)
        .filter(c -> c.getName().equals(cookieName(userId)))
        .findFirst()
        .map(c -> "dark".equals(c.getValue()) ? CodeEditor.Theme.DARK : CodeEditor.Theme.LIGHT)
        .orElse(CodeEditor.Theme.LIGHT);
  }

  /** Shows {@code theme} on the whole page (Lumo) and remembers it for {@code userId}. */
  static void apply(UI ui, String userId, CodeEditor.Theme theme, boolean remember) {
    ui.getElement().getThemeList().set(Lumo.DARK, theme == CodeEditor.Theme.DARK);
    if (remember) {
      String value = theme == CodeEditor.Theme.DARK ? "dark" : "light";
      ui.getPage()
          .executeJs(
              "document.cookie = $0 + '=' + $1 + '; path=/; max-age=' + $2 + '; SameSite=Lax'",
              cookieName(userId),
              value,
              ONE_YEAR_SECONDS);
    }
  }

  /** The other pages of Atelier stay light: the choice belongs to the workbench. */
  static void reset(UI ui) {
    ui.getElement().getThemeList().remove(Lumo.DARK);
  }

  static String cookieName(String userId) {
    // User ids are UUIDs; anything else is reduced to characters a cookie name allows.
    return COOKIE_PREFIX + userId.replaceAll("[^A-Za-z0-9-]", "_");
  }
}
