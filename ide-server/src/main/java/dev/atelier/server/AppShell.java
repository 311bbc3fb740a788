package dev.atelier.server;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;

/**
 * Vaadin application shell: server push for live workspace status. Lumo is Vaadin's default theme;
 * naming it with {@code @Theme(themeClass = Lumo.class)} made every page request a nameless theme
 * stylesheet ({@code /VAADIN/themes//styles.css}) that answered 400.
 *
 * <p>No {@code @PWA}: its icons are served through Vaadin's request handlers, which open an HTTP
 * session. An icon request sent with the pre-login session id and answered after the login replaced
 * that id handed the browser a fresh, anonymous session cookie, so about one sign-in in twenty
 * bounced back to the login page. A cloud IDE has no offline mode to gain from it anyway.
 */
@Push
public class AppShell implements AppShellConfigurator {}
