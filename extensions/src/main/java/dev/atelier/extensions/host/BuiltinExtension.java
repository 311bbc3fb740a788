package dev.atelier.extensions.host;

import dev.atelier.extensions.AtelierExtension;
import java.util.Objects;

/**
 * An extension that ships with the server: Spring beans of this type are loaded before the jars, in
 * {@code @Order}.
 *
 * @param id unique id, by convention {@code atelier.<feature>}
 * @param extension what it contributes
 */
public record BuiltinExtension(String id, AtelierExtension extension) {
  public BuiltinExtension {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(extension, "extension");
  }
}
