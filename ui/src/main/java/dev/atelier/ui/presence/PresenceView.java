package dev.atelier.ui.presence;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;

/**
 * Shows a {@link PresenceList} somewhere else ({@code <atelier-presence-view for=…>}), e.g. in a
 * side panel that is hidden at first: Vaadin does not create the elements of hidden components, so
 * the list itself stays where it is always rendered (kept connected, possibly styled invisible) and
 * this view displays it, and handles clicks, wherever and whenever it is shown.
 */
@Tag("atelier-presence-view")
@JsModule("./atelier/presence.ts")
public class PresenceView extends Component implements HasSize {

  /**
   * @param source the list to show; it must have an id
   */
  public PresenceView(PresenceList source) {
    String id =
        source
            .getId()
            .orElseThrow(() -> new IllegalArgumentException("Give the PresenceList an id first"));
    getElement().setAttribute("for", id);
  }
}
