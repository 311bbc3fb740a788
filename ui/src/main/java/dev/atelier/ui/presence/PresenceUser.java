package dev.atelier.ui.presence;

import java.util.Objects;

/**
 * How the local user appears to the others (the awareness field {@code user}; y-codemirror.next
 * uses the same name and colours for cursors).
 *
 * @param id the user's account id
 * @param name the name shown next to them
 * @param color their colour, e.g. {@code #1a73e8}
 * @param colorLight the same colour for selections, e.g. {@code #1a73e833}
 */
public record PresenceUser(String id, String name, String color, String colorLight) {
  public PresenceUser {
    Objects.requireNonNull(id, "id");
    name = name == null || name.isBlank() ? id : name;
    Objects.requireNonNull(color, "color");
    colorLight = colorLight == null ? color + "33" : colorLight;
  }
}
