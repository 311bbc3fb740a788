package dev.atelier.gateway;

/**
 * Observes the diagnostics of every workspace, e.g. to feed a Problems panel. Registered with
 * {@link LanguageGateway#addDiagnosticsListener}.
 *
 * <p>Called on the workspace's gateway thread, in publication order per workspace; must return
 * quickly (it holds up that workspace's messages). A listener that throws is logged and otherwise
 * ignored.
 */
@FunctionalInterface
public interface DiagnosticsListener {

  /** A file's diagnostics changed (an empty list means it has none any more). */
  void diagnosticsChanged(DiagnosticsUpdate update);
}
