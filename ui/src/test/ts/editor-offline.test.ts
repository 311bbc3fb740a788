import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { OfflineStore } from '../../main/resources/META-INF/frontend/atelier/editor-offline';

/** The part of y-websocket's provider the store uses: `synced` and the `sync` event. */
class FakeProvider {
  synced = false;
  private readonly listeners = new Set<(synced: boolean) => void>();
  on(_event: 'sync', listener: (synced: boolean) => void) {
    this.listeners.add(listener);
  }
  off(_event: 'sync', listener: (synced: boolean) => void) {
    this.listeners.delete(listener);
  }
  sync() {
    this.synced = true;
    this.listeners.forEach((l) => l(true));
  }
  get provider(): WebsocketProvider {
    return this as unknown as WebsocketProvider;
  }
}

const text = (doc: Y.Doc) => doc.getText('content').toJSON();

/** A room on the server: the page's doc receives its state as the first sync would. */
function joined(room: Y.Doc): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(room));
  return doc;
}

let n = 0;
const stores: OfflineStore[] = [];
function store(name: string, doc: Y.Doc): OfflineStore {
  const s = new OfflineStore(name, doc);
  stores.push(s);
  return s;
}

afterEach(() => {
  stores.splice(0).forEach((s) => s.destroy());
});

/** A page load that edits while the server is unreachable, then goes away. */
async function editOffline(name: string, room: Y.Doc, edit: (t: Y.Text) => void): Promise<Y.Doc> {
  const doc = joined(room);
  const provider = new FakeProvider();
  provider.synced = true;
  const offline = store(name, doc);
  await offline.attach(provider.provider);
  edit(doc.getText('content')); // never reaches the room
  await new Promise((r) => setTimeout(r, 50)); // y-indexeddb writes the update
  offline.destroy();
  return doc;
}

describe('OfflineStore', () => {
  it('merges edits this browser made offline into the room after the first sync', async () => {
    const name = `atelier:ws/a-${n++}.py`;
    const room = new Y.Doc();
    room.getText('content').insert(0, 'base\n');
    await editOffline(name, room, (t) => t.insert(5, 'typed offline\n'));

    const doc = new Y.Doc();
    const provider = new FakeProvider();
    const attached = store(name, doc).attach(provider.provider);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(room));
    provider.sync();
    await attached;

    expect(text(doc)).toBe('base\ntyped offline\n');
  });

  it('drops a copy holding changes of others the room lacks (the file was recreated)', async () => {
    const name = `atelier:ws/b-${n++}.py`;
    const oldRoom = new Y.Doc();
    oldRoom.getText('content').insert(0, 'old life\n');
    await editOffline(name, oldRoom, (t) => t.insert(0, '# mine\n'));

    const newRoom = new Y.Doc();
    newRoom.getText('content').insert(0, 'new life\n');
    const doc = new Y.Doc();
    const provider = new FakeProvider();
    const attached = store(name, doc).attach(provider.provider);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(newRoom));
    provider.sync();
    await attached;
    expect(text(doc)).toBe('new life\n');

    // The dropped copy is gone for good: the next load starts from the room alone.
    stores.splice(0).forEach((s) => s.destroy());
    const again = joined(newRoom);
    const next = new FakeProvider();
    next.synced = true;
    await store(name, again).attach(next.provider);
    expect(text(again)).toBe('new life\n');
  });

  it('shows the stored copy when the server stays unreachable', async () => {
    const name = `atelier:ws/c-${n++}.py`;
    const room = new Y.Doc();
    room.getText('content').insert(0, 'saved\n');
    await editOffline(name, room, (t) => t.insert(6, 'more\n'));

    const doc = new Y.Doc();
    const started = Date.now();
    await store(name, doc).attach(new FakeProvider().provider); // never syncs
    expect(Date.now() - started).toBeGreaterThanOrEqual(3900);
    expect(text(doc)).toBe('saved\nmore\n');
  }, 15_000);

  it('keeps later edits of the live document in the copy', async () => {
    const name = `atelier:ws/d-${n++}.py`;
    const room = new Y.Doc();
    const doc = await editOffline(name, room, (t) => t.insert(0, 'first\n'));
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(doc)); // the server got it meanwhile
    const provider = new FakeProvider();
    provider.synced = true;
    const offline = store(name, reloaded);
    await offline.attach(provider.provider);
    reloaded.getText('content').insert(6, 'second\n');
    await new Promise((r) => setTimeout(r, 50));
    offline.destroy();
    stores.splice(0);

    const fresh = new Y.Doc();
    const never = new FakeProvider();
    await store(name, fresh).attach(never.provider);
    expect(text(fresh)).toBe('first\nsecond\n');
  }, 15_000);
});
