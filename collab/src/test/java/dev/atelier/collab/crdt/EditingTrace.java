package dev.atelier.collab.crdt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** A sequential editing trace from src/test/resources/editing-traces (see its README). */
record EditingTrace(String endContent, List<Patch> patches, List<Integer> txnEnds) {

  /** {@code doc = doc[0:pos] + ins + doc[pos+del:]}. */
  record Patch(int pos, int del, String ins) {}

  static EditingTrace load(String name) {
    try (InputStream in =
        new GZIPInputStream(
            EditingTrace.class.getResourceAsStream("/editing-traces/" + name + ".json.gz"))) {
      JsonNode root = new ObjectMapper().readTree(in);
      List<Patch> patches = new ArrayList<>();
      List<Integer> ends = new ArrayList<>();
      for (JsonNode txn : root.get("txns")) {
        for (JsonNode p : txn.get("patches")) {
          patches.add(new Patch(p.get(0).asInt(), p.get(1).asInt(), p.get(2).asText()));
        }
        ends.add(patches.size());
      }
      return new EditingTrace(root.get("endContent").asText(), patches, ends);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Applies every patch to {@code text}, one transaction per trace transaction. */
  void replay(Doc doc, YText text) {
    int p = 0;
    for (int end : txnEnds) {
      int from = p;
      doc.transact(
          () -> {
            for (int i = from; i < end; i++) {
              Patch patch = patches.get(i);
              if (patch.del() > 0) {
                text.delete(patch.pos(), patch.del());
              }
              if (!patch.ins().isEmpty()) {
                text.insert(patch.pos(), patch.ins());
              }
            }
          });
      p = end;
    }
  }
}
