package dev.atelier.server.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkspaceIdsTests {

  @Test
  void idsAreDnsLabelsAndRarelyRepeat() {
    WorkspaceIds ids = new WorkspaceIds();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = ids.next();
      assertThat(id).matches("[a-z]+-[a-z]+-[a-z0-9]{4}").hasSizeLessThanOrEqualTo(63);
      assertThat(WorkspaceIds.isValid(id)).isTrue();
      seen.add(id);
    }
    assertThat(seen.size()).isGreaterThan(9_990);
  }

  @Test
  void validationRejectsPathsAndUpperCase() {
    assertThat(WorkspaceIds.isValid("../etc")).isFalse();
    assertThat(WorkspaceIds.isValid("Amber-Fox-1234")).isFalse();
    assertThat(WorkspaceIds.isValid("-fox")).isFalse();
    assertThat(WorkspaceIds.isValid(null)).isFalse();
    assertThat(WorkspaceIds.isValid("a".repeat(64))).isFalse();
  }
}
