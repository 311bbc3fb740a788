package dev.atelier.server.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.atelier.extensions.ExtensionApi;
import dev.atelier.extensions.host.Extensions;
import jakarta.annotation.security.RolesAllowed;

/**
 * The extensions this server runs, and those it refused at start-up with the reason (a bad
 * manifest, another API version, a class that failed, an id already taken). Admins only.
 */
@Route(value = "admin/extensions", layout = MainLayout.class)
@PageTitle("Extensions · Atelier")
@RolesAllowed("ADMIN")
public class ExtensionsView extends Div {

  public ExtensionsView(Extensions extensions) {
    addClassName("atelier-page");
    setId("extensions");

    H2 title = new H2("Extensions");
    Paragraph subtitle =
        new Paragraph(
            "Built-in extensions and the jars of the extensions folder, loaded at start-up"
                + " (extension API "
                + ExtensionApi.VERSION
                + "). Restart the server after adding or removing a jar.");
    subtitle.addClassName("atelier-subtitle");
    Div header = new Div(new Div(title, subtitle));
    header.addClassName("atelier-page-header");
    add(header);

    if (!extensions.refused().isEmpty()) {
      Div notice =
          new Div(
              new H3(extensions.refused().size() + " extension(s) refused"),
              new Paragraph(
                  "The server started without them. Fix or remove each jar, then restart."));
      notice.setId("extensions-refused-notice");
      notice.addClassName("atelier-notice-error");
      Grid<Extensions.Refused> refused = new Grid<>(Extensions.Refused.class, false);
      refused.setId("extensions-refused");
      refused.setAllRowsVisible(true);
      refused.addThemeVariants(GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_WRAP_CELL_CONTENT);
      refused.addColumn(Extensions.Refused::source).setHeader("Jar").setAutoWidth(true);
      refused.addColumn(r -> r.id() == null ? "—" : r.id()).setHeader("Id").setAutoWidth(true);
      refused.addColumn(Extensions.Refused::reason).setHeader("Why").setFlexGrow(1);
      refused.setItems(extensions.refused());
      add(notice, refused);
    }

    Grid<Extensions.Loaded> loaded = new Grid<>(Extensions.Loaded.class, false);
    loaded.setId("extensions-loaded");
    loaded.setAllRowsVisible(true);
    loaded.addThemeVariants(
        GridVariant.LUMO_NO_BORDER,
        GridVariant.LUMO_ROW_STRIPES,
        GridVariant.LUMO_WRAP_CELL_CONTENT);
    loaded.addColumn(Extensions.Loaded::id).setHeader("Id").setAutoWidth(true);
    loaded.addColumn(Extensions.Loaded::version).setHeader("Version").setAutoWidth(true);
    loaded.addColumn(Extensions.Loaded::source).setHeader("From").setAutoWidth(true);
    loaded
        .addColumn(l -> String.join(", ", l.contributions()))
        .setHeader("Contributes")
        .setFlexGrow(1);
    loaded.setItems(extensions.loaded());
    add(new H3("Running"), loaded);
  }
}
