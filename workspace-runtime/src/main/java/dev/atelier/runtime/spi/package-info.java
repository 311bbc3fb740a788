/**
 * The workspace runtime SPI: what the server needs from wherever workspaces run. Two
 * implementations: {@code local} (a bubblewrap sandbox per workspace on this machine, the embedded
 * default) and {@code kubernetes} (a pod per workspace). The server selects one by configuration
 * ({@code atelier.runtime.type}); everything above this package is the same for both.
 */
package dev.atelier.runtime.spi;
