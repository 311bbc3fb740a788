package dev.atelier.server.terminal;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Terminals ({@code atelier.terminal.*}).
 *
 * @param shell the command a new terminal runs in the workspace folder; a login shell reads the
 *     user's profile like a desktop terminal does
 * @param scrollback how much of a terminal's most recent output is kept and replayed to a browser
 *     that (re)connects
 * @param maxPerWorkspace how many terminals (running or exited, until closed) a workspace may have
 */
@ConfigurationProperties("atelier.terminal")
public record TerminalProperties(
    @DefaultValue({"bash", "-l"}) List<String> shell,
    @DefaultValue("256KB") DataSize scrollback,
    @DefaultValue("10") int maxPerWorkspace) {

  public TerminalProperties {
    if (shell == null || shell.isEmpty() || shell.get(0).isBlank()) {
      throw new IllegalArgumentException(
          "atelier.terminal.shell must name a program, e.g. bash,-l");
    }
    shell = List.copyOf(shell);
    if (scrollback.toBytes() < 1024 || scrollback.toBytes() > 64L * 1024 * 1024) {
      throw new IllegalArgumentException(
          "atelier.terminal.scrollback must be between 1KB and 64MB, e.g. 256KB");
    }
    if (maxPerWorkspace < 1) {
      throw new IllegalArgumentException("atelier.terminal.max-per-workspace must be at least 1");
    }
  }
}
