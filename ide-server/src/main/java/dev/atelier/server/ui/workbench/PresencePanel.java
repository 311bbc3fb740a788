package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.html.Div;
import dev.atelier.server.workspace.WorkspaceRole;
import dev.atelier.ui.presence.PresenceList;
import dev.atelier.ui.presence.PresenceUser;
import dev.atelier.ui.presence.PresenceView;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The workbench's presence panel: who is in the workspace and which file each person has open
 * ({@link PresenceList}) and where their cursor is. Clicking a person opens their file with the
 * cursor put where theirs is (the editors report cursors to the list inside the browser, so this
 * class never hears about them); following someone opens each file they switch to and hands the
 * follow on to the page's editor (its {@code follow-user} attribute, through {@link
 * #addFollowListener}); the owner can start lecture mode ("Follow me").
 *
 * <p>The panel itself only shows the list ({@link PresenceView}); the connected {@link #list()}
 * must be added by the page where it is always rendered (side panels start hidden, and Vaadin
 * creates no element for a hidden component), so that the user is present even while the panel is
 * closed.
 */
public class PresencePanel extends Div {

  private final PresenceList list;
  private final List<BiConsumer<String, String>> followListeners = new ArrayList<>();
  private String activeFile;

  /**
   * @param displayName the user's name as the others see it
   */
  public PresencePanel(Workbench workbench, String displayName) {
    setId("presence-panel");
    addClassName("atelier-presence-panel");
    getStyle().set("padding", "var(--lumo-space-s)");
    String userId = workbench.user().userId();
    UserColors colors = UserColors.of(userId);
    list =
        new PresenceList(
            workbench.workspace().id(),
            new PresenceUser(userId, displayName, colors.color(), colors.colorLight()),
            workbench.role() == WorkspaceRole.OWNER);
    list.setId("presence");
    // Kept connected but not shown where the page puts it; the view below displays it.
    list.getElement().getStyle().set("display", "none");
    list.addOpenFileListener(e -> workbench.openFile(e.getPath(), e.getLine(), e.getColumn()));
    list.addFollowedFileListener(
        e -> {
          workbench.openFile(e.getPath(), e.getLine(), e.getColumn());
          setActiveFile(e.getPath());
          notifyFollow(e.getPath(), e.getUserId());
        });
    list.addFollowChangedListener(e -> notifyFollow(activeFile, e.getUserId()));
    PresenceView view = new PresenceView(list);
    view.setWidthFull();
    add(view);
  }

  /**
   * The file the user has open now (the page calls this when the active editor changes); while
   * following someone, the new editor follows them too.
   */
  public void setActiveFile(String path) {
    boolean changed = path == null ? activeFile != null : !path.equals(activeFile);
    activeFile = path;
    list.setFile(path);
    if (changed && list.getFollowing() != null && path != null) {
      notifyFollow(path, list.getFollowing());
    }
  }

  /** The page's editor stopped following by itself (the user typed or scrolled away). */
  public void followStopped() {
    list.setFollowing(null);
  }

  /**
   * Called with (active file, followed user id or {@code null}) whenever the user starts or stops
   * following someone, or opens another file while following: the page sets that file's editor's
   * {@code follow-user} attribute.
   */
  public void addFollowListener(BiConsumer<String, String> listener) {
    followListeners.add(listener);
  }

  /** The connected presence list: the page adds it where it is always rendered. */
  public PresenceList list() {
    return list;
  }

  private void notifyFollow(String path, String userId) {
    if (path == null) {
      return;
    }
    for (BiConsumer<String, String> l : followListeners) {
      l.accept(path, userId);
    }
  }
}
