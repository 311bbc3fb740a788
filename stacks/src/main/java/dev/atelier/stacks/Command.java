package dev.atelier.stacks;

import java.util.List;

/**
 * A command as devcontainer.json writes it: either a shell string ({@code "mvn -q package"}, run
 * with {@code /bin/sh -c}) or an argument vector ({@code ["mvn", "-q", "package"]}).
 *
 * @param shell the shell string, or {@code null} when {@code argv} is used
 * @param argv the argument vector, or empty when {@code shell} is used
 */
public record Command(String shell, List<String> argv) {

  public Command {
    argv = argv == null ? List.of() : List.copyOf(argv);
    if ((shell == null) == argv.isEmpty()) {
      throw new IllegalArgumentException("exactly one of shell or argv must be given");
    }
  }

  /** A command run by {@code /bin/sh -c}, as a string in the file. */
  public static Command shell(String command) {
    return new Command(command, List.of());
  }

  /** A command run as an argument vector without a shell, as an array in the file. */
  public static Command argv(List<String> argv) {
    return new Command(null, argv);
  }

  /** The argument vector to execute: {@code argv}, or {@code /bin/sh -c shell}. */
  public List<String> toArgv() {
    return shell != null ? List.of("/bin/sh", "-c", shell) : argv;
  }
}
