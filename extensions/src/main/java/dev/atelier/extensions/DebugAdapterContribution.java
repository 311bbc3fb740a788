package dev.atelier.extensions;

import java.util.List;

/**
 * A debug adapter type (Debug Adapter Protocol), for the debugger: which languages it debugs and
 * the command that starts it inside a workspace (stdio). A stack's {@code debugAdapters} entry of
 * the same type overrides the command. Registered and listed; nothing launches adapters yet.
 *
 * @param type unique type, e.g. {@code debugpy}
 * @param label for people, e.g. {@code Python (debugpy)}
 * @param languages the language ids it debugs
 * @param launchCommand the argument vector that starts it
 */
public record DebugAdapterContribution(
    String type, String label, List<String> languages, List<String> launchCommand) {

  public DebugAdapterContribution {
    Ids.id("debug adapter type", type);
    Ids.text("debug adapter label", label, 80);
    languages = List.copyOf(languages);
    languages.forEach(l -> Ids.id("debug adapter language", l));
    launchCommand = List.copyOf(launchCommand);
    if (launchCommand.isEmpty()) {
      throw new IllegalArgumentException("debug adapter " + type + " needs a launch command");
    }
  }
}
