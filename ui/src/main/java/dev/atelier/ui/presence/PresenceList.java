package dev.atelier.ui.presence;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.DomEvent;
import com.vaadin.flow.component.EventData;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import com.vaadin.flow.shared.Registration;
import java.util.Objects;

/**
 * Who is in a workspace and which file each person has open, live from the collaboration hub's
 * presence room ({@code /collab/{workspaceId}}, awareness only). Clicking a person asks to open
 * their file at their cursor ({@link OpenFileEvent}); "Follow" makes the user's view follow someone
 * ({@link FollowChangedEvent}, then a {@link FollowedFileEvent} whenever the followed person
 * switches files); the owner can start lecture mode, which makes everyone else follow them until
 * they opt out ({@link LectureChangedEvent}).
 *
 * <p>The page tells it the user's active file ({@link #setFile}) and, when it stops following on
 * its own (the user typed), {@link #setFollowing}{@code (null)}. The user's cursor needs no call:
 * the {@code CodeEditor}s of the same page report it to this element in the browser (their {@code
 * atelier-cursor} event), and the one in the active file is published as {@code position}, so
 * cursor moves never travel through the server-side page.
 */
@Tag("atelier-presence")
@JsModule("./atelier/presence.ts")
@NpmPackage(value = "yjs", version = "13.6.33")
@NpmPackage(value = "y-websocket", version = "3.1.0")
public class PresenceList extends Component implements HasSize {

  /**
   * @param workspaceId the workspace whose presence room to join
   * @param user how the local user appears to the others
   * @param canLead whether the user may start lecture mode (the owner; the hub enforces it)
   */
  public PresenceList(String workspaceId, PresenceUser user, boolean canLead) {
    Objects.requireNonNull(workspaceId, "workspaceId");
    Objects.requireNonNull(user, "user");
    getElement().setAttribute("workspace-id", workspaceId);
    getElement().setAttribute("user-id", user.id());
    getElement().setAttribute("user-name", user.name());
    getElement().setAttribute("user-color", user.color());
    getElement().setAttribute("user-color-light", user.colorLight());
    getElement().setAttribute("can-lead", canLead);
    // Keep the server's copy in step with follows the browser started (click, lecture mode).
    addFollowChangedListener(e -> setFollowingAttribute(e.getUserId()));
  }

  /** The file the user has open (published to the others), or {@code null} for none. */
  public void setFile(String path) {
    setOrRemove("file", path);
  }

  /** Follows {@code userId}, or stops following ({@code null}). */
  public void setFollowing(String userId) {
    setFollowingAttribute(userId);
  }

  /** The user id being followed, or {@code null}. */
  public String getFollowing() {
    return getElement().getAttribute("following");
  }

  /** Connects with an API token instead of the session cookie (for clients without one). */
  public void setToken(String token) {
    setOrRemove("token", token);
  }

  /** Another address for the hub than same-origin {@code /collab}. */
  public void setCollabBase(String base) {
    setOrRemove("collab-base", base);
  }

  public Registration addOpenFileListener(ComponentEventListener<OpenFileEvent> listener) {
    return addListener(OpenFileEvent.class, listener);
  }

  public Registration addFollowChangedListener(
      ComponentEventListener<FollowChangedEvent> listener) {
    return addListener(FollowChangedEvent.class, listener);
  }

  public Registration addFollowedFileListener(ComponentEventListener<FollowedFileEvent> listener) {
    return addListener(FollowedFileEvent.class, listener);
  }

  public Registration addLectureChangedListener(
      ComponentEventListener<LectureChangedEvent> listener) {
    return addListener(LectureChangedEvent.class, listener);
  }

  public Registration addConnectionListener(ComponentEventListener<ConnectionEvent> listener) {
    return addListener(ConnectionEvent.class, listener);
  }

  private void setFollowingAttribute(String userId) {
    setOrRemove("following", userId);
  }

  private void setOrRemove(String attribute, String value) {
    if (value == null || value.isEmpty()) {
      getElement().removeAttribute(attribute);
    } else {
      getElement().setAttribute(attribute, value);
    }
  }

  /** A person and where they are: a file, and their cursor in it when known ({@code line > 0}). */
  public abstract static class PersonPlaceEvent extends ComponentEvent<PresenceList> {
    private final String userId;
    private final String path;
    private final int line;
    private final int column;

    protected PersonPlaceEvent(
        PresenceList source, boolean fromClient, String userId, String path, int line, int column) {
      super(source, fromClient);
      this.userId = userId;
      this.path = path;
      this.line = line;
      this.column = column;
    }

    public String getUserId() {
      return userId;
    }

    public String getPath() {
      return path;
    }

    public int getLine() {
      return line;
    }

    public int getColumn() {
      return column;
    }
  }

  /** A person was clicked: open their file, at their cursor when known ({@code line > 0}). */
  @DomEvent("open-file")
  public static class OpenFileEvent extends PersonPlaceEvent {
    public OpenFileEvent(
        PresenceList source,
        boolean fromClient,
        @EventData("event.detail.userId") String userId,
        @EventData("event.detail.path") String path,
        @EventData("event.detail.line") int line,
        @EventData("event.detail.column") int column) {
      super(source, fromClient, userId, path, line, column);
    }
  }

  /** The person the user follows changed ({@code null}: follows nobody). */
  @DomEvent("follow-changed")
  public static class FollowChangedEvent extends ComponentEvent<PresenceList> {
    private final String userId;

    public FollowChangedEvent(
        PresenceList source, boolean fromClient, @EventData("event.detail.userId") String userId) {
      super(source, fromClient);
      this.userId = userId == null || userId.isEmpty() ? null : userId;
    }

    public String getUserId() {
      return userId;
    }
  }

  /** The followed person has another file open now: the page opens it and follows there. */
  @DomEvent("followed-file")
  public static class FollowedFileEvent extends PersonPlaceEvent {
    public FollowedFileEvent(
        PresenceList source,
        boolean fromClient,
        @EventData("event.detail.userId") String userId,
        @EventData("event.detail.path") String path,
        @EventData("event.detail.line") int line,
        @EventData("event.detail.column") int column) {
      super(source, fromClient, userId, path, line, column);
    }
  }

  /** Lecture mode started ({@link #getLeader} = the owner's id) or ended ({@code null}). */
  @DomEvent("lecture-changed")
  public static class LectureChangedEvent extends ComponentEvent<PresenceList> {
    private final String leader;

    public LectureChangedEvent(
        PresenceList source, boolean fromClient, @EventData("event.detail.leader") String leader) {
      super(source, fromClient);
      this.leader = leader == null || leader.isEmpty() ? null : leader;
    }

    public String getLeader() {
      return leader;
    }
  }

  /**
   * The presence room's connection changed; {@code code} 4403 (access revoked) or 4404 (no access)
   * means the server refused it for good.
   */
  @DomEvent("presence-connection")
  public static class ConnectionEvent extends ComponentEvent<PresenceList> {
    private final String state;
    private final int code;
    private final String reason;

    public ConnectionEvent(
        PresenceList source,
        boolean fromClient,
        @EventData("event.detail.state") String state,
        @EventData("event.detail.code") Integer code,
        @EventData("event.detail.reason") String reason) {
      super(source, fromClient);
      this.state = state;
      this.code = code == null ? 0 : code;
      this.reason = reason;
    }

    public String getState() {
      return state;
    }

    public int getCode() {
      return code;
    }

    public String getReason() {
      return reason;
    }
  }
}
