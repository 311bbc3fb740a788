/*
 * Keeps a document's edits in IndexedDB so that text typed while the server was unreachable
 * survives a page reload, and hands them to the room once it is reachable again.
 *
 * The stored copy is loaded into a separate Y.Doc first, never straight into the live one: if the
 * server's room was recreated since (the file was deleted and created again), merging the old
 * copy would duplicate the whole text. After the first sync with the server the stored copy is
 * compared with the room: every change the server does not know must come from this browser (its
 * client ids are recorded). If the server lacks someone else's change, the copy belongs to an
 * earlier life of the room and is dropped.
 */
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import type { WebsocketProvider } from 'y-websocket';

/** How long to wait for the server before letting the user edit the stored copy offline. */
const OFFLINE_AFTER_MS = 4000;
/** Client ids of this browser kept per document (a new one per page load). */
const OWN_CLIENTS_KEPT = 64;

const OFFLINE = Symbol('atelier-offline');

export class OfflineStore {
  private copy = new Y.Doc();
  private persistence: IndexeddbPersistence | null;
  private readonly forward = (update: Uint8Array, origin: unknown) => {
    if (origin !== OFFLINE) {
      Y.applyUpdate(this.copy, update, OFFLINE);
    }
  };
  private destroyed = false;

  constructor(
    private readonly name: string,
    private readonly doc: Y.Doc,
  ) {
    this.persistence = new IndexeddbPersistence(name, this.copy);
  }

  /**
   * Resolves once the editor may accept input: the stored copy is merged (or dropped) after the
   * first sync with the server, or applied as is when the server stays unreachable.
   */
  async attach(provider: WebsocketProvider): Promise<void> {
    const persistence = this.persistence!;
    let own: number[] = [];
    try {
      await persistence.whenSynced;
      const stored: unknown = await persistence.get('own-clients');
      own = typeof stored === 'string' ? (JSON.parse(stored) as number[]) : [];
      await persistence.set(
        'own-clients',
        JSON.stringify([...own, this.doc.clientID].slice(-OWN_CLIENTS_KEPT)),
      );
    } catch (e) {
      // Private browsing or a full disk: co-editing still works, only the offline copy is lost.
      console.warn('IndexedDB is not available; edits typed offline will not survive a reload', e);
      this.persistence = null;
      return;
    }
    if (this.destroyed) {
      return;
    }
    const synced = await this.firstSync(provider);
    if (this.destroyed) {
      return;
    }
    if (synced && this.isStale(new Set(own))) {
      console.info(`Dropped the offline copy of ${this.name}: the file was recreated since`);
      await this.restart();
    } else {
      Y.applyUpdate(this.doc, Y.encodeStateAsUpdate(this.copy, Y.encodeStateVector(this.doc)), OFFLINE);
    }
    if (this.destroyed) {
      return;
    }
    Y.applyUpdate(this.copy, Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(this.copy)), OFFLINE);
    this.doc.on('update', this.forward);
  }

  destroy() {
    this.destroyed = true;
    this.doc.off('update', this.forward);
    void this.persistence?.destroy();
    this.copy.destroy();
  }

  private firstSync(provider: WebsocketProvider): Promise<boolean> {
    if (provider.synced) {
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const done = (synced: boolean) => {
        clearTimeout(timer);
        provider.off('sync', onSync);
        resolve(synced);
      };
      const onSync = (isSynced: boolean) => {
        if (isSynced) {
          done(true);
        }
      };
      const timer = setTimeout(() => done(false), OFFLINE_AFTER_MS);
      provider.on('sync', onSync);
    });
  }

  private isStale(own: Set<number>): boolean {
    const server = Y.decodeStateVector(Y.encodeStateVector(this.doc));
    const stored = Y.decodeStateVector(Y.encodeStateVector(this.copy));
    for (const [client, clock] of stored) {
      if (clock > (server.get(client) ?? 0) && !own.has(client)) {
        return true;
      }
    }
    return false;
  }

  private async restart() {
    const old = this.persistence!;
    await old.clearData();
    const fresh = new Y.Doc();
    // The copy's content is discarded with its database; the new one starts from the room.
    this.copy.destroy();
    this.copy = fresh;
    this.persistence = new IndexeddbPersistence(this.name, fresh);
    await this.persistence.whenSynced;
    await this.persistence.set('own-clients', JSON.stringify([this.doc.clientID]));
  }
}
