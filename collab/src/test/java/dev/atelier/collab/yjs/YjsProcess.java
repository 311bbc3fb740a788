package dev.atelier.collab.yjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real yjs (the version pinned in {@code src/test/js/package-lock.json}) in a {@code node}
 * subprocess, driven over the JSON-lines protocol of {@code src/test/js/harness.mjs}. One request
 * at a time; a failing request raises {@link YjsException} with yjs's message and stack.
 */
public final class YjsProcess implements AutoCloseable {

  /** Raised when the node side answers with an error or dies. */
  public static final class YjsException extends RuntimeException {
    YjsException(String message) {
      super(message);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final BufferedWriter in;
  private final BufferedReader out;

  private YjsProcess(Process process) {
    this.process = process;
    this.in =
        new BufferedWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), 1 << 16);
    this.out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8), 1 << 16);
  }

  /** The folder holding {@code harness.mjs} and the installed {@code node_modules/yjs}. */
  public static Path jsDir() {
    String configured = System.getProperty("collab.js.dir");
    Path dir = configured != null ? Path.of(configured) : Path.of("src", "test", "js");
    if (!Files.isDirectory(dir.resolve("node_modules").resolve("yjs"))) {
      throw new IllegalStateException(
          "yjs is not installed in "
              + dir.toAbsolutePath()
              + ": run the Maven build (it runs `npm ci` there) or `npm ci` in that folder");
    }
    return dir;
  }

  /**
   * Starts {@code node harness.mjs}; extra node flags may come from {@code -Dcollab.node.flags}
   * (e.g. {@code --cpu-prof --cpu-prof-dir=/tmp/prof} to profile the yjs side).
   */
  public static YjsProcess start() {
    String flags = System.getProperty("collab.node.flags", "").trim();
    return start("harness.mjs", flags.isEmpty() ? List.of() : List.of(flags.split("\\s+")));
  }

  /** Starts another script of the js folder (the benchmark uses this with extra node flags). */
  public static YjsProcess start(String script, List<String> nodeFlags) {
    List<String> command = new ArrayList<>();
    command.add("node");
    command.addAll(nodeFlags);
    command.add(script);
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(jsDir().toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      return new YjsProcess(p);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start node (is it on the PATH?)", e);
    }
  }

  /** Sends one request object and returns its {@code result}. */
  public synchronized JsonNode call(ObjectNode request) {
    try {
      in.write(JSON.writeValueAsString(request));
      in.write('\n');
      in.flush();
      String line = out.readLine();
      if (line == null) {
        throw new YjsException("node exited (code " + exitCodeIfDone() + ")");
      }
      JsonNode reply = JSON.readTree(line);
      if (!reply.path("ok").asBoolean()) {
        throw new YjsException(
            "yjs failed on " + request.path("cmd").asText() + ": " + reply.path("error").asText());
      }
      return reply.path("result");
    } catch (IOException e) {
      throw new YjsException("talking to node failed: " + e);
    }
  }

  private String exitCodeIfDone() {
    try {
      return process.waitFor(2, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "?";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }

  /** A request with the given command name. */
  public static ObjectNode request(String cmd) {
    return JSON.createObjectNode().put("cmd", cmd);
  }

  public static ObjectMapper json() {
    return JSON;
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  static byte[] bytes(JsonNode b64) {
    return Base64.getDecoder().decode(b64.asText());
  }

  // ---- convenience wrappers -------------------------------------------------------------------

  /** Creates a yjs doc under {@code name}; {@code gc} is yjs's garbage-collection option. */
  public long newDoc(String name, long clientId, boolean gc) {
    return call(request("new").put("doc", name).put("clientId", clientId).put("gc", gc)).asLong();
  }

  public void destroy(String name) {
    call(request("destroy").put("doc", name));
  }

  /**
   * Applies a remote update; returns the updates the doc emitted in reaction (yjs's formatting
   * cleanup runs in a transaction of its own after remote changes to formatted text).
   */
  public List<byte[]> apply(String doc, byte[] update) {
    return byteList(call(request("apply").put("doc", doc).put("update", b64(update))));
  }

  /**
   * Runs ops, one transaction each (or all in one), and returns the updates the doc emitted (the
   * ops' own and any formatting cleanup).
   */
  public List<byte[]> ops(String doc, List<? extends JsonNode> ops, boolean oneTransaction) {
    ObjectNode req = request("ops").put("doc", doc).put("txn", oneTransaction);
    req.putArray("ops").addAll(ops);
    return byteList(call(req));
  }

  /**
   * One round trip for the fuzz: each step is {@code {"apply": b64}} or {@code {"op": {...}}};
   * returns every update the doc emitted that did not come from a remote apply.
   */
  public List<byte[]> batch(String doc, ArrayNode steps) {
    ObjectNode req = request("batch").put("doc", doc);
    req.set("steps", steps);
    return byteList(call(req));
  }

  public byte[] encodeState(String doc) {
    return bytes(call(request("encodeState").put("doc", doc)));
  }

  public byte[] encodeState(String doc, byte[] stateVector) {
    return bytes(call(request("encodeState").put("doc", doc).put("sv", b64(stateVector))));
  }

  public byte[] stateVector(String doc) {
    return bytes(call(request("stateVector").put("doc", doc)));
  }

  /** Text of a root text type. */
  public String text(String doc, String root) {
    return read(doc, "text", root).path("text").asText();
  }

  /** {@code toDelta()} of a root text type, as JSON. */
  public JsonNode delta(String doc, String root) {
    return read(doc, "text", root).path("delta");
  }

  /** {@code toJSON()} of a root map or array ({@code kind} "map" or "array"). */
  public JsonNode json(String doc, String kind, String root) {
    return read(doc, kind, root).path("json");
  }

  private JsonNode read(String doc, String kind, String root) {
    return call(request("read").put("doc", doc).put("kind", kind).put("root", root));
  }

  /** Whether the doc holds pending structs / a pending delete set (missing dependencies). */
  public boolean hasPending(String doc) {
    JsonNode r = call(request("pending").put("doc", doc));
    return r.path("structs").asBoolean() || r.path("deleteSet").asBoolean();
  }

  public byte[] mergeUpdates(List<byte[]> updates) {
    ObjectNode req = request("merge");
    ArrayNode arr = req.putArray("updates");
    updates.forEach(u -> arr.add(b64(u)));
    return bytes(call(req));
  }

  public byte[] diffUpdate(byte[] update, byte[] stateVector) {
    return bytes(call(request("diff").put("update", b64(update)).put("sv", b64(stateVector))));
  }

  public byte[] encodeStateVectorFromUpdate(byte[] update) {
    return bytes(call(request("svFromUpdate").put("update", b64(update))));
  }

  /**
   * Replays a sequential trace file inside node as local edits (one transaction per patch); returns
   * whether yjs reached the trace's end content.
   */
  public boolean replayTrace(String doc, Path traceGz) {
    return call(request("replayTrace")
            .put("doc", doc)
            .put("path", traceGz.toAbsolutePath().toString()))
        .asBoolean();
  }

  // ---- y-protocols ------------------------------------------------------------------------------

  /** Feeds one sync message to a yjs doc through y-protocols; returns its reply, or null. */
  public byte[] syncMessage(String doc, byte[] message) {
    JsonNode r = call(request("syncMessage").put("doc", doc).put("message", b64(message)));
    return r.isNull() ? null : bytes(r);
  }

  /** y-protocols' step 1 message for a yjs doc. */
  public byte[] syncStep1(String doc) {
    return bytes(call(request("syncStep1").put("doc", doc)));
  }

  /** A y-protocols Awareness (its interval timer disabled) for a doc with {@code clientId}. */
  public void awarenessNew(String name, long clientId) {
    call(request("awarenessNew").put("name", name).put("clientId", clientId));
  }

  /** Sets the local state from JSON text ({@code "null"} removes it). */
  public void awarenessSet(String name, String json) {
    try {
      ObjectNode req = request("awarenessSet").put("name", name);
      req.set("state", JSON.readTree(json));
      call(req);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** {@code encodeAwarenessUpdate} for the given clients (all states when null). */
  public byte[] awarenessEncode(String name, List<Long> clients) {
    ObjectNode req = request("awarenessEncode").put("name", name);
    if (clients != null) {
      ArrayNode arr = req.putArray("clients");
      clients.forEach(arr::add);
    }
    return bytes(call(req));
  }

  public void awarenessApply(String name, byte[] update) {
    call(request("awarenessApply").put("name", name).put("update", b64(update)));
  }

  /** {@code {"states": {id: state}, "clocks": {id: clock}}}. */
  public JsonNode awarenessStates(String name) {
    return call(request("awarenessStates").put("name", name));
  }

  /** The 'update' events seen since the last call: {@code [{added, updated, removed, origin}]}. */
  public JsonNode awarenessEvents(String name) {
    return call(request("awarenessEvents").put("name", name));
  }

  private static List<byte[]> byteList(JsonNode arr) {
    List<byte[]> list = new ArrayList<>(arr.size());
    arr.forEach(n -> list.add(bytes(n)));
    return list;
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException ignored) {
      // the process may already be gone; destroy below either way
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
