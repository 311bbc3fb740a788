package dev.atelier.server.terminal;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Terminals ({@code atelier.terminal.*}). How many terminals a workspace may have is a workspace
 * limit ({@code atelier.workspace.limits.max-terminals}), which administrators change at run time.
 *
 * @param shell the command a new terminal runs in the workspace folder; a login shell reads the
 *     user's profile like a desktop terminal does
 * @param scrollback how much of a terminal's most recent output is kept and replayed to a browser
 *     that (re)connects
 */
@ConfigurationProperties("atelier.terminal")
public record TerminalProperties(
    @DefaultValue({"bash", "-l"}) List<String> shell, @DefaultValue("256KB") DataSize scrollback) {

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
  }
}
