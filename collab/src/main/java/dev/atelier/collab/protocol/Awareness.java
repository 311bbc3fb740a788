package dev.atelier.collab.protocol;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.CollabException.ErrorCode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The y-protocols awareness CRDT: one JSON state per client (cursor, name, colour), each with a
 * clock. A remote entry is applied when its clock is greater than the known one, or equal with a
 * {@code null} state (removal). If a remote peer nulls our own state while we still have one, we
 * keep it and bump our clock, and the change reports us as updated so the transport re-announces
 * it. Remote states not renewed for {@value #OUTDATED_TIMEOUT_MILLIS} ms are dropped and our own
 * state is renewed after half that time; both happen in {@link #checkTimeouts()}, which the owner
 * calls periodically (every few seconds) — this class starts no threads.
 *
 * <p>Thread-safe. Listeners run on the calling thread after the state was updated, outside the
 * lock.
 */
public final class Awareness {

  /** A remote state not renewed for this long is removed. */
  public static final long OUTDATED_TIMEOUT_MILLIS = 30_000;

  /** Origin of changes made through {@link #setLocalState} (and renewals). */
  public static final String ORIGIN_LOCAL = "local";

  /** Origin of removals by {@link #checkTimeouts()}. */
  public static final String ORIGIN_TIMEOUT = "timeout";

  private record Meta(long clock, long lastUpdated) {}

  private final long clientId;
  private final LongSupplier nowMillis;
  private final ProtocolLimits limits;
  // Insertion-ordered like the JavaScript Map that y-protocols uses.
  private final Map<Long, String> states = new LinkedHashMap<>();
  private final Map<Long, Meta> meta = new HashMap<>();
  private final List<Consumer<AwarenessChange>> listeners = new CopyOnWriteArrayList<>();

  /** Awareness for {@code clientId} (use the document's client id) on the system clock. */
  public Awareness(long clientId) {
    this(clientId, System::currentTimeMillis, ProtocolLimits.DEFAULTS);
  }

  public Awareness(long clientId, Clock clock) {
    this(clientId, clock::millis, ProtocolLimits.DEFAULTS);
  }

  /**
   * @param nowMillis the time source for renewals and timeouts (milliseconds)
   * @param limits bounds applied when decoding remote updates and validating local states
   */
  public Awareness(long clientId, LongSupplier nowMillis, ProtocolLimits limits) {
    this.clientId = clientId;
    this.nowMillis = Objects.requireNonNull(nowMillis, "nowMillis");
    this.limits = Objects.requireNonNull(limits, "limits");
    // y-protocols peers start at clock 0 (their constructor sets an empty state) and ignore a
    // remote entry whose clock is not above the one they know (0 for a stranger), so our first
    // real state must carry clock 1.
    meta.put(clientId, new Meta(0, nowMillis.getAsLong()));
  }

  public long clientId() {
    return clientId;
  }

  /** Our own state as compact JSON, or {@code null} when we have none. */
  public synchronized String localState() {
    return states.get(clientId);
  }

  /** A snapshot of all known states (ours included), in the order clients first appeared. */
  public synchronized Map<Long, String> states() {
    return new LinkedHashMap<>(states);
  }

  /** The clock last seen for {@code client}, if any (it outlives a removed state). */
  public synchronized OptionalLong clock(long client) {
    Meta m = meta.get(client);
    return m == null ? OptionalLong.empty() : OptionalLong.of(m.clock());
  }

  /**
   * Sets (or with {@code null}, removes) our own state and bumps our clock.
   *
   * @param json any JSON value; validated and stored in compact form
   * @throws CollabException MALFORMED or LIMIT_EXCEEDED for invalid or oversized JSON
   */
  public void setLocalState(String json) {
    String compact = json == null ? null : validate(json);
    AwarenessChange change;
    synchronized (this) {
      change = setLocal(compact);
    }
    fire(change);
  }

  private String validate(String json) {
    String compact = JsonText.compact(json, limits.maxJsonDepth());
    if (dev.atelier.collab.encoding.Utf8.encodedLength(compact) > limits.maxAwarenessStateBytes()) {
      throw new CollabException(
          ErrorCode.LIMIT_EXCEEDED,
          "awareness state exceeds the limit of " + limits.maxAwarenessStateBytes() + " bytes");
    }
    return "null".equals(compact) ? null : compact;
  }

  private AwarenessChange setLocal(String state) {
    long clock = meta.get(clientId).clock() + 1;
    String prev = state == null ? states.remove(clientId) : states.put(clientId, state);
    meta.put(clientId, new Meta(clock, nowMillis.getAsLong()));
    return classify(clientId, prev, state, ORIGIN_LOCAL);
  }

  private static AwarenessChange classify(long client, String prev, String state, Object origin) {
    List<Long> none = List.of();
    List<Long> one = List.of(client);
    if (prev == null && state != null) {
      return new AwarenessChange(one, none, none, none, origin);
    }
    if (prev != null && state == null) {
      return new AwarenessChange(none, none, one, none, origin);
    }
    if (state != null) {
      return new AwarenessChange(none, one, none, prev.equals(state) ? none : one, origin);
    }
    return new AwarenessChange(none, none, none, none, origin);
  }

  /**
   * Encodes the current states and clocks of {@code clients} as an awareness update. A client
   * without a state is encoded as {@code null} (removed); clients never seen are skipped.
   */
  public synchronized byte[] encodeUpdate(Collection<Long> clients) {
    List<AwarenessEntry> entries = new ArrayList<>(clients.size());
    for (Long c : clients) {
      Meta m = meta.get(c);
      if (m != null) {
        entries.add(new AwarenessEntry(c, m.clock(), states.get(c)));
      }
    }
    return AwarenessEntry.encodeUpdate(entries);
  }

  /** All known states (the reply to a query-awareness frame). */
  public synchronized byte[] encodeFullUpdate() {
    return encodeUpdate(new ArrayList<>(states.keySet()));
  }

  /**
   * Applies a remote awareness update. The whole update is decoded and validated before anything
   * changes, so a malformed update leaves this awareness as it was.
   *
   * @throws CollabException TRUNCATED, MALFORMED or LIMIT_EXCEEDED
   */
  public void applyUpdate(byte[] update, Object origin) {
    List<AwarenessEntry> entries = AwarenessEntry.decodeUpdate(update, limits);
    AwarenessChange change;
    synchronized (this) {
      change = applyEntries(entries, origin);
    }
    fire(change);
  }

  private AwarenessChange applyEntries(List<AwarenessEntry> entries, Object origin) {
    long now = nowMillis.getAsLong();
    List<Long> added = new ArrayList<>();
    List<Long> updated = new ArrayList<>();
    List<Long> removed = new ArrayList<>();
    List<Long> changed = new ArrayList<>();
    for (AwarenessEntry e : entries) {
      long client = e.clientId();
      Meta m = meta.get(client);
      long known = m == null ? 0 : m.clock();
      String prev = states.get(client);
      String state = e.state();
      boolean newer = known < e.clock();
      boolean equalRemoval = known == e.clock() && state == null && states.containsKey(client);
      if (!newer && !equalRemoval) {
        continue;
      }
      long clock = e.clock();
      if (state == null && client == clientId && prev != null) {
        // Someone declared us offline: keep our state and announce it with a higher clock.
        clock++;
        meta.put(client, new Meta(clock, now));
        updated.add(client);
        continue;
      }
      if (state == null) {
        states.remove(client);
      } else {
        states.put(client, state);
      }
      meta.put(client, new Meta(clock, now));
      if (prev == null && state != null) {
        added.add(client);
      } else if (prev != null && state == null) {
        removed.add(client);
      } else if (state != null) {
        updated.add(client);
        if (!state.equals(prev)) {
          changed.add(client);
        }
      }
    }
    return new AwarenessChange(added, updated, removed, changed, origin);
  }

  /**
   * Removes the states of {@code clients} (e.g. those a closed connection controlled). Removing our
   * own state bumps our clock.
   */
  public void removeStates(Collection<Long> clients, Object origin) {
    AwarenessChange change;
    synchronized (this) {
      List<Long> removed = new ArrayList<>();
      for (Long c : clients) {
        if (states.containsKey(c)) {
          states.remove(c);
          if (c == clientId) {
            Meta m = meta.get(c);
            meta.put(c, new Meta(m.clock() + 1, nowMillis.getAsLong()));
          }
          removed.add(c);
        }
      }
      change = new AwarenessChange(List.of(), List.of(), removed, List.of(), origin);
    }
    fire(change);
  }

  /**
   * Renews our own state when half the timeout has passed since it was last set, and removes remote
   * states not renewed within {@value #OUTDATED_TIMEOUT_MILLIS} ms. Call it every few seconds.
   */
  public void checkTimeouts() {
    AwarenessChange renewal = null;
    AwarenessChange expiry;
    synchronized (this) {
      long now = nowMillis.getAsLong();
      String local = states.get(clientId);
      Meta own = meta.get(clientId);
      if (local != null && now - own.lastUpdated() >= OUTDATED_TIMEOUT_MILLIS / 2) {
        renewal = setLocal(local);
      }
      List<Long> removed = new ArrayList<>();
      for (Map.Entry<Long, Meta> e : meta.entrySet()) {
        long c = e.getKey();
        if (c != clientId
            && now - e.getValue().lastUpdated() >= OUTDATED_TIMEOUT_MILLIS
            && states.containsKey(c)) {
          removed.add(c);
        }
      }
      removed.forEach(states::remove);
      expiry = new AwarenessChange(List.of(), List.of(), removed, List.of(), ORIGIN_TIMEOUT);
    }
    fire(renewal);
    fire(expiry);
  }

  /**
   * Registers a listener for every non-empty change (local, remote, removal, timeout).
   *
   * @return closing it unregisters the listener
   */
  public AutoCloseable onChange(Consumer<AwarenessChange> listener) {
    listeners.add(Objects.requireNonNull(listener));
    return () -> listeners.remove(listener);
  }

  private void fire(AwarenessChange change) {
    if (change == null || change.isEmpty()) {
      return;
    }
    for (Consumer<AwarenessChange> l : listeners) {
      l.accept(change);
    }
  }
}
