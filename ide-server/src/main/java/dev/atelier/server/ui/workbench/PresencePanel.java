package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.html.Div;
import dev.atelier.server.events.EventBus;
import dev.atelier.server.workspace.WorkspaceAccess;
import dev.atelier.server.workspace.WorkspaceRole;
import dev.atelier.ui.presence.PresenceList;
import dev.atelier.ui.presence.PresenceUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * The workbench's presence panel: who is in the workspace and which file each person has open
 * ({@link PresenceList}). Clicking a person opens their file at their cursor; following someone
 * opens each file they switch to and hands the follow on to the page's editor (the {@code
 * follow-user} attribute, through {@link #addFollowListener}); the owner can start lecture mode. It
 * also ends the page when the user's access ends ({@link AccessGuard}).
 */
public class PresencePanel extends Div {

  private final PresenceList list;
  private final List<BiConsumer<String, String>> followListeners = new ArrayList<>();
  private String activeFile;

  /**
   * @param displayName the user's name as the others see it
   */
  public PresencePanel(
      Workbench workbench, String displayName, WorkspaceAccess access, EventBus events) {
    setId("presence-panel");
    addClassName("atelier-presence-panel");
    String userId = workbench.user().userId();
    String color = color(userId);
    list =
        new PresenceList(
            workbench.workspace().id(),
            new PresenceUser(userId, displayName, color, color + "33"),
            workbench.role() == WorkspaceRole.OWNER);
    list.setId("presence");
    list.setWidthFull();
    list.addOpenFileListener(e -> workbench.openFile(e.getPath(), e.getLine(), e.getColumn()));
    list.addFollowedFileListener(
        e -> {
          workbench.openFile(e.getPath(), e.getLine(), e.getColumn());
          setActiveFile(e.getPath());
          notifyFollow(e.getPath(), e.getUserId());
        });
    list.addFollowChangedListener(e -> notifyFollow(activeFile, e.getUserId()));
    add(
        list,
        new AccessGuard(workbench.workspace().id(), userId, workbench.role(), access, events));
  }

  /** The file the user has open now (the page calls this when the active editor changes). */
  public void setActiveFile(String path) {
    activeFile = path;
    list.setFile(path);
  }

  /** The user's cursor in the active file (1-based), so others can jump to it. */
  public void setCursor(int line, int column) {
    list.setCursor(line, column);
  }

  /** The page's editor stopped following by itself (the user typed or scrolled away). */
  public void followStopped() {
    list.setFollowing(null);
  }

  /**
   * Called with (active file, followed user id or {@code null}) whenever the user starts or stops
   * following someone, or the followed person's file was opened: the page sets the editor's {@code
   * follow-user} attribute for that file.
   */
  public void addFollowListener(BiConsumer<String, String> listener) {
    followListeners.add(listener);
  }

  /** The presence list, for pages that need its events. */
  public PresenceList list() {
    return list;
  }

  private void notifyFollow(String path, String userId) {
    for (BiConsumer<String, String> l : followListeners) {
      l.accept(path, userId);
    }
  }

  /** A stable colour per user id (the same in every browser), as the editor's cursors use. */
  static String color(String userId) {
    int hash = 0x811c9dc5;
    for (int i = 0; i < userId.length(); i++) {
      hash ^= userId.charAt(i);
      hash *= 0x01000193;
    }
    float hue = (Integer.toUnsignedLong(hash) % 360) / 360f;
    int rgb = java.awt.Color.HSBtoRGB(hue, 0.65f, 0.75f) & 0xffffff;
    return String.format(Locale.ROOT, "#%06x", rgb);
  }
}
