package dev.atelier.collab.traces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * One editing trace of {@code src/test/resources/editing-traces} (format in the README there).
 * Positions are UTF-16 offsets for every file we ship (the README checked that none holds
 * characters above U+FFFF).
 *
 * @param endContent the text the replay must end with
 * @param txns the transactions in order
 */
public record EditingTrace(String endContent, List<Txn> txns) {

  /**
   * One {@code [pos, delCount, insText]} splice.
   *
   * @param pos where the delete starts and the insert goes
   * @param delete how many units to delete
   * @param insert what to insert (empty for none)
   */
  public record Patch(int pos, int delete, String insert) {}

  /**
   * A transaction.
   *
   * @param agent the editing agent (concurrent traces; 0 otherwise)
   * @param parents indexes of the txns whose merged result the patches are relative to (concurrent
   *     traces); null for sequential traces
   * @param patches applied one after another
   */
  public record Txn(int agent, int[] parents, List<Patch> patches) {}

  /** Loads {@code <name>.json.gz} from the test classpath. */
  public static EditingTrace load(String name) {
    String resource = "/editing-traces/" + name + ".json.gz";
    try (InputStream in = EditingTrace.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no trace " + resource + " on the classpath");
      }
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file of a trace on the test classpath (to hand to node). */
  public static Path path(String name) {
    try {
      return Path.of(
          EditingTrace.class.getResource("/editing-traces/" + name + ".json.gz").toURI());
    } catch (java.net.URISyntaxException | NullPointerException e) {
      throw new IllegalArgumentException("no trace " + name + " on the classpath", e);
    }
  }

  /** Loads a trace file from disk (the benchmark runs outside the test classpath layout). */
  public static EditingTrace load(Path gz) {
    try (InputStream in = Files.newInputStream(gz)) {
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static EditingTrace parse(InputStream gz) throws IOException {
    JsonNode root = new ObjectMapper().readTree(new GZIPInputStream(gz, 1 << 16));
    if (!root.path("startContent").asText("").isEmpty()) {
      throw new IllegalArgumentException("traces with a start content are not supported");
    }
    List<Txn> txns = new ArrayList<>(root.path("txns").size());
    for (JsonNode t : root.path("txns")) {
      List<Patch> patches = new ArrayList<>(t.path("patches").size());
      for (JsonNode p : t.path("patches")) {
        patches.add(new Patch(p.get(0).asInt(), p.get(1).asInt(), p.path(2).asText("")));
      }
      int[] parents = null;
      if (t.has("parents")) {
        parents = new int[t.get("parents").size()];
        for (int i = 0; i < parents.length; i++) {
          parents[i] = t.get("parents").get(i).asInt();
        }
      }
      txns.add(new Txn(t.path("agent").asInt(0), parents, patches));
    }
    return new EditingTrace(root.path("endContent").asText(), txns);
  }

  /** Total number of patches. */
  public int patchCount() {
    return txns.stream().mapToInt(t -> t.patches().size()).sum();
  }
}
