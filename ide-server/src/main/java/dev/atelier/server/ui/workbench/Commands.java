package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ShortcutRegistration;
import com.vaadin.flow.component.Shortcuts;
import com.vaadin.flow.shared.Registration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commands of one workbench page, in registration order, with their key bindings. A command
 * registered again under the same id replaces the earlier one (and its binding).
 */
final class Commands {

  private static final Logger log = LoggerFactory.getLogger(Commands.class);

  private final Component owner;
  private final Map<String, WorkbenchCommand> byId = new LinkedHashMap<>();
  private final Map<String, List<Registration>> bindings = new LinkedHashMap<>();

  /** Shortcuts live as long as {@code owner} is attached and listen on the whole page. */
  Commands(Component owner) {
    this.owner = owner;
  }

  void register(WorkbenchCommand command) {
    if (command.id() == null || command.id().isBlank() || command.action() == null) {
      throw new IllegalArgumentException("A command needs an id and an action: " + command);
    }
    unbind(command.id());
    byId.put(command.id(), command);
    if (command.shortcut() != null && !command.shortcut().isBlank()) {
      Shortcut shortcut = Shortcut.parse(command.shortcut());
      List<Registration> registrations = new ArrayList<>();
      registrations.add(bind(shortcut, command));
      shortcut.macVariant().ifPresent(mac -> registrations.add(bind(mac, command)));
      bindings.put(command.id(), registrations);
    }
  }

  /** Every command, in registration order. */
  List<WorkbenchCommand> all() {
    return List.copyOf(byId.values());
  }

  Optional<WorkbenchCommand> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Runs a command; a failure is logged and reported, never thrown into the page. */
  void run(WorkbenchCommand command) {
    try {
      command.action().run();
    } catch (RuntimeException e) {
      log.warn("Command {} failed", command.id(), e);
      WorkbenchNotices.error(command.label() + " failed: " + e.getMessage());
    }
  }

  private Registration bind(Shortcut shortcut, WorkbenchCommand command) {
    ShortcutRegistration registration =
        Shortcuts.addShortcutListener(
            owner, () -> run(command), shortcut.key(), shortcut.modifierArray());
    return registration;
  }

  private void unbind(String id) {
    List<Registration> old = bindings.remove(id);
    if (old != null) {
      old.forEach(Registration::remove);
    }
  }
}
