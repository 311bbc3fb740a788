package dev.atelier.server.problems;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * The problems of each workspace, gathered from several producers (a task's problem matcher, each
 * language server). A producer owns a named set and replaces it whole, so a fixed error disappears
 * when the next build or diagnostics round no longer reports it. Kept in memory: problems are
 * derived data that the next build or language server run recreates.
 */
@Component
public class WorkspaceProblems {

  private static final Comparator<Problem> ORDER =
      Comparator.comparing(Problem::severity)
          .thenComparing(Problem::path)
          .thenComparingInt(Problem::line)
          .thenComparingInt(Problem::column);

  private final Map<String, Map<String, List<Problem>>> byWorkspace = new ConcurrentHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  private record Listener(String workspaceId, Consumer<List<Problem>> consumer) {}

  /**
   * Replaces everything {@code producer} reported for the workspace with {@code problems} (an empty
   * list clears it). Listeners of the workspace are told the new full list.
   *
   * @param producer a stable name of the reporter, e.g. {@code task:build} or {@code lsp:python}
   */
  public void replace(String workspaceId, String producer, List<Problem> problems) {
    Map<String, List<Problem>> sets =
        byWorkspace.computeIfAbsent(workspaceId, k -> new ConcurrentHashMap<>());
    if (problems.isEmpty()) {
      sets.remove(producer);
    } else {
      sets.put(producer, List.copyOf(problems));
    }
    notify(workspaceId);
  }

  /**
   * Replaces what {@code producer} reported for one file only (language servers publish per file).
   */
  public void replaceForFile(
      String workspaceId, String producer, String path, List<Problem> problems) {
    Map<String, List<Problem>> sets =
        byWorkspace.computeIfAbsent(workspaceId, k -> new ConcurrentHashMap<>());
    sets.compute(
        producer,
        (k, old) -> {
          List<Problem> next = new ArrayList<>();
          if (old != null) {
            old.stream().filter(p -> !p.path().equals(path)).forEach(next::add);
          }
          next.addAll(problems);
          return next.isEmpty() ? null : List.copyOf(next);
        });
    notify(workspaceId);
  }

  /** Every problem of the workspace, errors first, then by file and position. */
  public List<Problem> list(String workspaceId) {
    Map<String, List<Problem>> sets = byWorkspace.getOrDefault(workspaceId, Map.of());
    return sets.values().stream().flatMap(List::stream).sorted(ORDER).toList();
  }

  /** Drops every problem of the workspace (it was stopped or deleted). */
  public void clear(String workspaceId) {
    if (byWorkspace.remove(workspaceId) != null) {
      notify(workspaceId);
    }
  }

  /**
   * Calls {@code consumer} with the workspace's full, sorted list whenever it changes, on the
   * producer's thread; the consumer must not block.
   *
   * @return closing it unsubscribes
   */
  public AutoCloseable subscribe(String workspaceId, Consumer<List<Problem>> consumer) {
    Listener listener = new Listener(workspaceId, consumer);
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private void notify(String workspaceId) {
    List<Problem> current = list(workspaceId);
    for (Listener l : listeners) {
      if (l.workspaceId().equals(workspaceId)) {
        l.consumer().accept(current);
      }
    }
  }
}
