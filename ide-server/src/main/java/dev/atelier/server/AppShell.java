package dev.atelier.server;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.theme.Theme;
import com.vaadin.flow.theme.lumo.Lumo;

/**
 * Vaadin application shell: server push for live workspace status, Lumo theme.
 *
 * <p>No {@code @PWA}: its icons are served through Vaadin's request handlers, which open an HTTP
 * session. An icon request sent with the pre-login session id and answered after the login
 * replaced that id handed the browser a fresh, anonymous session cookie, so about one sign-in in
 * twenty bounced back to the login page. A cloud IDE has no offline mode to gain from it anyway.
 */
@Push
@Theme(themeClass = Lumo.class)
public class AppShell implements AppShellConfigurator {}
