package dev.atelier.collab.hub;

import dev.atelier.collab.crdt.Doc;
import dev.atelier.collab.crdt.YText;
import dev.atelier.collab.protocol.Awareness;
import dev.atelier.collab.protocol.Frame;
import dev.atelier.collab.protocol.SyncProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A simulated y-websocket client: a real {@link Doc} and {@link Awareness} speaking the protocol
 * classes to the hub. Frames from the hub are queued until {@link #pump()}; local updates are
 * queued until {@link #flush()}, so tests control interleavings.
 */
final class FakeBrowser implements PeerConnection {
  final DocumentHub hub;
  final Doc doc = new Doc();
  final YText text = doc.getText("content");
  final Awareness awareness = new Awareness(doc.clientId());
  // Synchronized: in concurrency tests the hub sends from other peers' threads.
  final List<byte[]> inbox = java.util.Collections.synchronizedList(new ArrayList<>());
  final List<byte[]> outbox = new ArrayList<>();
  final List<String> denied = new ArrayList<>();
  Integer closeCode;
  String closeReason;
  Peer peer;

  FakeBrowser(DocumentHub hub, RoomId room, AccessMode mode) {
    this.hub = hub;
    doc.onUpdate(
        (update, origin) -> {
          if (origin != this) {
            outbox.add(Frame.sync(SyncProtocol.update(update)).encode());
          }
        });
    peer = hub.join(room, this, mode);
    hub.receive(peer, Frame.sync(SyncProtocol.step1(doc)).encode());
  }

  @Override
  public synchronized void send(byte[] frame) {
    inbox.add(frame);
  }

  @Override
  public synchronized void close(int code, String reason) {
    closeCode = code;
    closeReason = reason;
  }

  synchronized boolean closed() {
    return closeCode != null;
  }

  /** Handles the queued frames from the hub; returns whether there were any. */
  boolean pump() {
    boolean any = false;
    while (true) {
      byte[] next;
      synchronized (inbox) {
        if (inbox.isEmpty()) {
          return any;
        }
        next = inbox.remove(0);
      }
      any = true;
      Frame f = Frame.decode(next);
      if (f instanceof Frame.Sync s) {
        Optional<byte[]> reply =
            SyncProtocol.handle(doc, s.message(), this).map(m -> Frame.sync(m).encode());
        reply.ifPresent(r -> hub.receive(peer, r));
      } else if (f instanceof Frame.AwarenessUpdate a) {
        awareness.applyUpdate(a.update(), this);
      } else if (f instanceof Frame.PermissionDenied p) {
        denied.add(p.reason());
      }
    }
  }

  /** Sends the queued local updates; returns whether there were any. */
  boolean flush() {
    boolean any = !outbox.isEmpty();
    while (!outbox.isEmpty()) {
      hub.receive(peer, outbox.remove(0));
    }
    return any;
  }

  void setPresence(String json) {
    awareness.setLocalState(json);
    hub.receive(
        peer, new Frame.AwarenessUpdate(awareness.encodeUpdate(List.of(doc.clientId()))).encode());
  }

  void insert(int index, String s) {
    doc.transact(() -> text.insert(index, s), "local");
  }

  String content() {
    return text.toString();
  }

  /** Exchanges frames until nobody has anything left to send or handle. */
  static void settle(FakeBrowser... browsers) {
    boolean any = true;
    while (any) {
      any = false;
      for (FakeBrowser b : browsers) {
        if (!b.closed()) {
          any |= b.flush();
          any |= b.pump();
        }
      }
    }
  }
}
