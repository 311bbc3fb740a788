package dev.atelier.ui.terminal;

/** The xterm.js packages, one version for every component that imports them. */
final class XtermVersions {
  static final String XTERM = "6.0.0";
  static final String ADDON_FIT = "0.11.0";

  private XtermVersions() {}
}
