package dev.atelier.server;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.PWA;
import com.vaadin.flow.theme.Theme;
import com.vaadin.flow.theme.lumo.Lumo;

/** Vaadin application shell: server push for live workspace status, Lumo theme. */
@Push
@Theme(themeClass = Lumo.class)
@PWA(name = "Atelier", shortName = "Atelier")
public class AppShell implements AppShellConfigurator {}
