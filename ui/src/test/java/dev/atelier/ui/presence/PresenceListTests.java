package dev.atelier.ui.presence;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.ComponentUtil;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PresenceListTests {

  private final PresenceList list =
      new PresenceList("amber-fox-k3x9", new PresenceUser("u1", "Ada", "#1a73e8", null), true);

  @Test
  void attributesCarryTheAwarenessContract() {
    assertThat(list.getElement().getTag()).isEqualTo("atelier-presence");
    assertThat(list.getElement().getAttribute("workspace-id")).isEqualTo("amber-fox-k3x9");
    assertThat(list.getElement().getAttribute("user-id")).isEqualTo("u1");
    assertThat(list.getElement().getAttribute("user-name")).isEqualTo("Ada");
    assertThat(list.getElement().getAttribute("user-color")).isEqualTo("#1a73e8");
    assertThat(list.getElement().getAttribute("user-color-light")).isEqualTo("#1a73e833");
    assertThat(list.getElement().hasAttribute("can-lead")).isTrue();
    assertThat(
            new PresenceList("ws", new PresenceUser("u2", " ", "#000000", "#00000022"), false)
                .getElement()
                .hasAttribute("can-lead"))
        .isFalse();

    list.setFile("src/app.py");
    assertThat(list.getElement().getAttribute("file")).isEqualTo("src/app.py");
    list.setFile(null);
    assertThat(list.getElement().hasAttribute("file")).isFalse();
  }

  @Test
  void followStartedInTheBrowserIsMirroredOnTheServer() {
    List<String> seen = new ArrayList<>();
    list.addFollowChangedListener(e -> seen.add(String.valueOf(e.getUserId())));

    ComponentUtil.fireEvent(list, new PresenceList.FollowChangedEvent(list, true, "u2"));
    assertThat(list.getFollowing()).isEqualTo("u2");
    ComponentUtil.fireEvent(list, new PresenceList.FollowChangedEvent(list, true, ""));
    assertThat(list.getFollowing()).isNull();
    assertThat(seen).containsExactly("u2", "null");

    list.setFollowing("u3");
    assertThat(list.getElement().getAttribute("following")).isEqualTo("u3");
  }

  @Test
  void eventsExposeWhatThePageNeeds() {
    List<String> opened = new ArrayList<>();
    list.addOpenFileListener(
        e -> opened.add(e.getPath() + ":" + e.getLine() + ":" + e.getColumn()));
    list.addFollowedFileListener(e -> opened.add("follow " + e.getUserId() + " " + e.getPath()));
    List<String> leaders = new ArrayList<>();
    list.addLectureChangedListener(e -> leaders.add(String.valueOf(e.getLeader())));
    List<Integer> codes = new ArrayList<>();
    list.addConnectionListener(e -> codes.add(e.getCode()));

    ComponentUtil.fireEvent(list, new PresenceList.OpenFileEvent(list, true, "u2", "a.py", 3, 1));
    ComponentUtil.fireEvent(
        list, new PresenceList.FollowedFileEvent(list, true, "u2", "b.py", 0, 0));
    ComponentUtil.fireEvent(list, new PresenceList.LectureChangedEvent(list, true, "u1"));
    ComponentUtil.fireEvent(list, new PresenceList.LectureChangedEvent(list, true, ""));
    ComponentUtil.fireEvent(
        list, new PresenceList.ConnectionEvent(list, true, "disconnected", 4403, "revoked"));
    ComponentUtil.fireEvent(
        list, new PresenceList.ConnectionEvent(list, true, "connected", null, null));

    assertThat(opened).containsExactly("a.py:3:1", "follow u2 b.py");
    assertThat(leaders).containsExactly("u1", "null");
    assertThat(codes).containsExactly(4403, 0);
  }
}
