package dev.atelier.stacks;

/**
 * A debug adapter speaking DAP on stdio.
 *
 * @param type the debug type, e.g. {@code python}
 * @param command the adapter's command line
 */
public record DebugAdapter(String type, Command command) {}
