package dev.atelier.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PipeBuffersTests {

  @Test
  void theChildsStandardPipesGrowToAMebibyteAndStillCarryBytes() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc");
    Process cat = new ProcessBuilder("cat").start();
    try {
      List<Integer> before = sizes(cat.pid());
      assertThat(before).hasSize(2).allMatch(size -> size < PipeBuffers.SIZE);

      assertThat(PipeBuffers.enlarge(cat.pid())).isEqualTo(2);

      assertThat(sizes(cat.pid())).containsExactly(PipeBuffers.SIZE, PipeBuffers.SIZE);
      OutputStream in = cat.getOutputStream();
      in.write("through the enlarged pipes".getBytes());
      in.close();
      try (InputStream out = cat.getInputStream()) {
        assertThat(new String(out.readAllBytes())).isEqualTo("through the enlarged pipes");
      }
    } finally {
      cat.destroyForcibly();
    }
  }

  @Test
  void aProcessThatIsGoneIsLeftAlone() throws Exception {
    Process done = new ProcessBuilder("true").start();
    done.waitFor();
    long pid = done.pid();
    done.getInputStream().close();
    done.getOutputStream().close();
    assertThat(PipeBuffers.enlarge(pid)).isZero();
  }

  /** Sizes of this JVM's ends of the child's standard input and output pipes. */
  private static List<Integer> sizes(long pid) throws Exception {
    List<String> pipes = new ArrayList<>();
    for (int fd = 0; fd <= 1; fd++) {
      pipes.add(Files.readSymbolicLink(Path.of("/proc/" + pid + "/fd/" + fd)).toString());
    }
    List<Integer> sizes = new ArrayList<>();
    for (String pipe : pipes) {
      try (Stream<Path> own = Files.list(Path.of("/proc/self/fd"))) {
        for (Path entry : (Iterable<Path>) own::iterator) {
          String link;
          try {
            link = Files.readSymbolicLink(entry).toString();
          } catch (java.io.IOException e) {
            continue;
          }
          if (link.equals(pipe)) {
            sizes.add(PipeBuffers.size(Integer.parseInt(entry.getFileName().toString())));
          }
        }
      }
    }
    return sizes;
  }
}
