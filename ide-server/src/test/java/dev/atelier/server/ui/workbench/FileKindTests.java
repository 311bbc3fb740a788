package dev.atelier.server.ui.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.documents.EditableText;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FileKindTests {

  private static final EditableText RULE = new EditableText(5L * 1024 * 1024);

  @Test
  void smallTextIsCoEdited() {
    assertThat(FileKind.classify(RULE, "a.py", 9, () -> utf8("print(1)\n")))
        .isEqualTo(new FileKind.Collaborative("a.py"));
  }

  @Test
  void textOverTheEditableLimitOpensReadOnlyWithItsContent() {
    byte[] big = new byte[(int) RULE.maxBytes() + 10];
    Arrays.fill(big, (byte) 'x');
    FileKind kind = FileKind.classify(RULE, "big.log", big.length, () -> big);
    assertThat(kind).isInstanceOf(FileKind.LargeText.class);
    assertThat(((FileKind.LargeText) kind).content()).hasSize(big.length);
  }

  @Test
  void theLimitIsTheRoomsConfiguredOne() {
    EditableText small = new EditableText(100);
    assertThat(FileKind.classify(small, "a.txt", 101, () -> utf8("y".repeat(101))))
        .isInstanceOf(FileKind.LargeText.class);
    assertThat(FileKind.classify(small, "a.txt", 100, () -> utf8("y".repeat(100))))
        .isEqualTo(new FileKind.Collaborative("a.txt"));
  }

  @Test
  void anInvalidByteAnywhereMakesItNotTextAsTheRoomWouldRefuseIt() {
    byte[] content = utf8("z".repeat(20_000) + "tail");
    content[15_000] = (byte) 0xff;
    assertThat(FileKind.classify(RULE, "late.bin", content.length, () -> content))
        .isEqualTo(new FileKind.NotText("late.bin", content.length, true));
  }

  @Test
  void binaryIsNotOpenedAsText() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1};
    assertThat(FileKind.classify(RULE, "logo.png", png.length, () -> png))
        .isEqualTo(new FileKind.NotText("logo.png", 7, true));
  }

  @Test
  void hugeFilesAreNotEvenRead() {
    assertThat(
            FileKind.classify(
                RULE,
                "dump.sql",
                FileKind.MAX_VIEWABLE_BYTES + 1,
                () -> {
                  throw new AssertionError("read a file too large to show");
                }))
        .isEqualTo(new FileKind.NotText("dump.sql", FileKind.MAX_VIEWABLE_BYTES + 1, false));
  }

  @Test
  void sizesReadLikeAFileManager() {
    assertThat(FileKind.size(6 * 1024 * 1024)).isEqualTo("6.0 MB");
    assertThat(FileKind.size(2048)).isEqualTo("2 KB");
    assertThat(FileKind.size(17)).isEqualTo("17 bytes");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
