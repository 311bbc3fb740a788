package dev.atelier.extensions.host;

import dev.atelier.extensions.CommandContribution;
import dev.atelier.extensions.Contributions;
import dev.atelier.extensions.DebugAdapterContribution;
import dev.atelier.extensions.LanguageContribution;
import dev.atelier.extensions.PanelContribution;
import dev.atelier.extensions.ProblemMatcherContribution;
import dev.atelier.extensions.StackContribution;
import dev.atelier.extensions.StatusItemContribution;
import dev.atelier.extensions.WorkspaceLifecycleListener;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one extension contributed (while it is being loaded), or everything every accepted extension
 * contributed (the registry). Rejects an identifier used twice within the set.
 */
public final class ContributionSet implements Contributions {

  private final List<CommandContribution> commands = new ArrayList<>();
  private final List<PanelContribution> panels = new ArrayList<>();
  private final List<StatusItemContribution> statusItems = new ArrayList<>();
  private final List<ProblemMatcherContribution> problemMatchers = new ArrayList<>();
  private final List<LanguageContribution> languages = new ArrayList<>();
  private final List<DebugAdapterContribution> debugAdapters = new ArrayList<>();
  private final List<StackContribution> stacks = new ArrayList<>();
  private final List<WorkspaceLifecycleListener> lifecycleListeners = new ArrayList<>();
  private final Set<String> keys = new HashSet<>();

  ContributionSet() {}

  @Override
  public ContributionSet command(CommandContribution command) {
    claim("command", command.id());
    commands.add(command);
    return this;
  }

  @Override
  public ContributionSet panel(PanelContribution panel) {
    claim("panel", panel.id());
    panels.add(panel);
    return this;
  }

  @Override
  public ContributionSet statusItem(StatusItemContribution item) {
    claim("status item", item.id());
    statusItems.add(item);
    return this;
  }

  @Override
  public ContributionSet problemMatcher(ProblemMatcherContribution matcher) {
    claim("problem matcher", matcher.id());
    problemMatchers.add(matcher);
    return this;
  }

  @Override
  public ContributionSet language(LanguageContribution language) {
    // A pattern that does not compile would fail every lookup later: refuse it now.
    language.filePatterns().forEach(Globs::compile);
    language.dialects().forEach(d -> Globs.compile(d.filePattern()));
    claim("language", language.id());
    languages.add(language);
    return this;
  }

  @Override
  public ContributionSet debugAdapter(DebugAdapterContribution adapter) {
    claim("debug adapter", adapter.type());
    debugAdapters.add(adapter);
    return this;
  }

  @Override
  public ContributionSet stack(StackContribution stack) {
    claim("stack", stack.id());
    stacks.add(stack);
    return this;
  }

  @Override
  public ContributionSet lifecycleListener(WorkspaceLifecycleListener listener) {
    lifecycleListeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  private void claim(String kind, String id) {
    if (!keys.add(kind + " " + id)) {
      throw new IllegalArgumentException(
          "the " + kind + " \"" + id + "\" is contributed twice; give each its own id");
    }
  }

  /** The first identifier {@code other} shares with this set, as {@code kind id}, if any. */
  java.util.Optional<String> clashWith(ContributionSet other) {
    return other.keys.stream().filter(keys::contains).sorted().findFirst();
  }

  /** Adds everything of {@code other} (which must not clash). */
  void addAll(ContributionSet other) {
    commands.addAll(other.commands);
    panels.addAll(other.panels);
    statusItems.addAll(other.statusItems);
    problemMatchers.addAll(other.problemMatchers);
    languages.addAll(other.languages);
    debugAdapters.addAll(other.debugAdapters);
    stacks.addAll(other.stacks);
    lifecycleListeners.addAll(other.lifecycleListeners);
    keys.addAll(other.keys);
  }

  /** {@code kind id} of every contribution with an id, sorted. */
  public List<String> summary() {
    return keys.stream().sorted().toList();
  }

  public List<CommandContribution> commands() {
    return List.copyOf(commands);
  }

  public List<PanelContribution> panels() {
    return List.copyOf(panels);
  }

  public List<StatusItemContribution> statusItems() {
    return List.copyOf(statusItems);
  }

  public List<ProblemMatcherContribution> problemMatchers() {
    return List.copyOf(problemMatchers);
  }

  public List<LanguageContribution> languages() {
    return List.copyOf(languages);
  }

  public List<DebugAdapterContribution> debugAdapters() {
    return List.copyOf(debugAdapters);
  }

  public List<StackContribution> stacks() {
    return List.copyOf(stacks);
  }

  public List<WorkspaceLifecycleListener> lifecycleListeners() {
    return List.copyOf(lifecycleListeners);
  }
}
