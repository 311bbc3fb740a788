/**
 * Atelier's extension API: {@link dev.atelier.extensions.AtelierExtension} and the contribution
 * points of {@link dev.atelier.extensions.Contributions}. No Spring, no Vaadin, no other Atelier
 * module: an extension jar compiles against this package alone. Versioned by {@link
 * dev.atelier.extensions.ExtensionApi}.
 */
package dev.atelier.extensions;
