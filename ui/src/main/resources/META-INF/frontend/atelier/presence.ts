/*
 * <atelier-presence>: who is in a workspace, which file each person has open, follow mode and the
 * owner's lecture mode ("follow me").
 *
 * It joins the workspace presence room of the collaboration hub, `/collab/{workspaceId}` with no
 * file path: awareness only, plus the YMap `session` whose `leader` (a user id) is lecture mode. The
 * hub lets only the owner write `session`; everyone may publish awareness, read-only guests too.
 *
 * Attributes: workspace-id, user-id, user-name, user-color, user-color-light, file (the active
 * file, set by the page), can-lead (the owner: may start lecture mode), following (user id; the page
 * or a click sets it), collab-base (optional; default: same origin /collab), token (optional API
 * token).
 * The local cursor is not an attribute: every <atelier-editor> of the page reports its own with the
 * atelier-cursor event {workspaceId, path, line, column}, which this element hears on the document
 * and keeps per path; the position in the active file is published as `position`. So a keystroke
 * never costs a round trip through the server-side page (the editor already throttles the events).
 *
 * Awareness state published in the room (the contract other clients read):
 *   user {id, name, color, colorLight}, file (path or null), following (user id or null),
 *   position {line, column} (1-based, in `file`; null while unknown).
 * Reflected: connection (connecting|connected|disconnected), leader (user id while lecture mode).
 * Events (bubbling, composed):
 *   open-file {userId, path, line, column}  - a person was clicked: open their file at their cursor
 *   follow-changed {userId}                 - the user started (id) or stopped ('') following
 *   followed-file {userId, path, line, column} - the followed person switched to another file
 *   lecture-changed {leader}                - lecture mode started (leader id) or ended ('')
 *   presence-connection {state, code, reason} - the room connection changed; 44xx = refused
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

/** What a peer publishes in the presence room (the awareness contract of the hub). */
interface PeerState {
  user?: { id?: string; name?: string; color?: string; colorLight?: string };
  file?: string | null;
  following?: string | null;
  position?: { line?: number; column?: number } | null;
}

/** One person, merged over their tabs (the tab with a file open wins). */
interface Person {
  id: string;
  name: string;
  color: string;
  file: string | null;
  following: string | null;
  line: number;
  column: number;
}

const STYLE = `
  :host { display: block; font: var(--lumo-font-size-s, 13px) / 1.4 var(--lumo-font-family, sans-serif); }
  .bar { display: flex; gap: 6px; align-items: center; margin-bottom: 6px; flex-wrap: wrap; }
  .state { color: var(--lumo-secondary-text-color, #666); font-size: 0.9em; }
  .lecture { padding: 4px 6px; border-radius: 4px; background: var(--lumo-primary-color-10pct, #e8f0fe); }
  ul { list-style: none; margin: 0; padding: 0; }
  li { display: flex; align-items: center; gap: 8px; padding: 4px 2px; border-radius: 4px; }
  li.other { cursor: pointer; }
  li.other:hover { background: var(--lumo-contrast-5pct, #f3f3f3); }
  .dot { width: 22px; height: 22px; border-radius: 50%; color: #fff; flex: none;
         display: inline-flex; align-items: center; justify-content: center; font-weight: 600; font-size: 11px; }
  .who { flex: 1; min-width: 0; }
  .name { font-weight: 500; }
  .file { color: var(--lumo-secondary-text-color, #666); font-size: 0.9em; overflow: hidden;
          text-overflow: ellipsis; white-space: nowrap; }
  button { font: inherit; font-size: 0.85em; padding: 2px 8px; border-radius: 4px; cursor: pointer;
           border: 1px solid var(--lumo-contrast-20pct, #ccc); background: var(--lumo-base-color, #fff);
           color: var(--lumo-body-text-color, #222); }
  button.on { background: var(--lumo-primary-color, #1a73e8); color: #fff; border-color: transparent; }
`;

export class AtelierPresence extends HTMLElement {
  static get observedAttributes() {
    return ['workspace-id', 'user-id', 'user-name', 'user-color', 'user-color-light', 'file',
      'following', 'can-lead', 'collab-base', 'token'];
  }

  private doc: Y.Doc | null = null;
  private provider: WebsocketProvider | null = null;
  private session: Y.Map<unknown> | null = null;
  private readonly root: ShadowRoot;
  private readonly list: HTMLUListElement;
  private readonly bar: HTMLDivElement;
  private connected = false;
  /** The lecture (leader + start time) the user opted out of; they stay unfollowed for it. */
  private optedOut = '';
  /** Whether the current follow was started by lecture mode (ends with it). */
  private followingForLecture = false;
  /** The followed person's file last reported to the page, to report each switch once. */
  private reportedFile: string | null = null;
  private renderQueued = false;
  /** Other places that show this list (<atelier-presence-view for=…>), e.g. a side panel. */
  private readonly views = new Set<ShadowRoot>();
  /** The last cursor each editor of the page reported, by path (the active one is published). */
  private readonly cursors = new Map<string, { line: number; column: number }>();
  /** What each bar shows now, so that it is rebuilt (and its buttons replaced) only on a change. */
  private readonly barKeys = new WeakMap<HTMLDivElement, string>();
  private readonly onCursor = (event: Event) => this.cursorReported(event as CustomEvent);

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = STYLE;
    this.bar = document.createElement('div');
    this.bar.className = 'bar';
    this.list = document.createElement('ul');
    this.list.setAttribute('part', 'list');
    this.root.append(style, this.bar, this.list);
  }

  connectedCallback() {
    this.connected = true;
    document.addEventListener('atelier-cursor', this.onCursor);
    this.join();
  }

  disconnectedCallback() {
    this.connected = false;
    document.removeEventListener('atelier-cursor', this.onCursor);
    this.leave();
  }

  attributeChangedCallback(name: string, oldValue: string | null, newValue: string | null) {
    if (oldValue === newValue || !this.connected) {
      return;
    }
    switch (name) {
      case 'workspace-id':
      case 'collab-base':
      case 'token':
        this.leave();
        this.join();
        break;
      case 'user-id':
      case 'user-name':
      case 'user-color':
      case 'user-color-light':
        this.provider?.awareness.setLocalStateField('user', this.user());
        break;
      case 'file':
        this.publishFileAndPosition();
        break;
      case 'following':
        this.applyFollowing(newValue || null, false);
        break;
      default:
        this.render();
    }
  }

  /** Shows this list in {@code root} too (until detached); called by <atelier-presence-view>. */
  attachView(root: ShadowRoot) {
    this.views.add(root);
    this.render();
  }

  detachView(root: ShadowRoot) {
    this.views.delete(root);
  }

  /** The people in the room, me first (for tests and the page). */
  get people(): Person[] {
    return this.collectPeople();
  }

  /** Starts (or restarts) lecture mode with me as leader; only the owner's write is accepted. */
  startLecture() {
    if (!this.session || !this.hasAttribute('can-lead')) {
      return;
    }
    const me = this.getAttribute('user-id');
    this.doc!.transact(() => {
      this.session!.set('leader', me);
      this.session!.set('startedAt', Date.now());
    });
  }

  /** Ends lecture mode. */
  stopLecture() {
    if (!this.session || !this.hasAttribute('can-lead')) {
      return;
    }
    this.doc!.transact(() => {
      this.session!.delete('leader');
      this.session!.delete('startedAt');
    });
  }

  /** Follows {@code userId} (or stops: null), as if the user clicked "Follow". */
  follow(userId: string | null) {
    this.applyFollowing(userId, true);
  }

  private join() {
    const workspaceId = this.getAttribute('workspace-id');
    if (!workspaceId || this.provider) {
      return;
    }
    const doc = new Y.Doc();
    this.doc = doc;
    this.session = doc.getMap('session');
    const token = this.getAttribute('token');
    const provider = new WebsocketProvider(this.collabBase(), workspaceId, doc, {
      maxBackoffTime: 10000,
      // Every tab must hear the server itself (a revoked tab must not live on through a sibling).
      disableBc: true,
      params: token ? { token } : {},
    });
    this.provider = provider;
    const awareness = provider.awareness;
    awareness.setLocalStateField('user', this.user());
    awareness.setLocalStateField('file', this.getAttribute('file') || null);
    awareness.setLocalStateField('following', this.getAttribute('following') || null);
    awareness.setLocalStateField('position', this.position());
    this.setConnection('connecting');
    provider.on('status', ({ status }: { status: string }) => {
      if (this.provider === provider) {
        this.setConnection(status);
      }
    });
    provider.on('closed', ({ code, reason }: { code: number; reason: string }) => {
      if (this.provider === provider) {
        this.setConnection('disconnected', code, reason);
      }
    });
    awareness.on('change', () => {
      if (this.provider === provider) {
        this.onPeersChanged();
      }
    });
    this.session.observe(() => {
      if (this.provider === provider) {
        this.onSessionChanged();
      }
    });
    this.render();
  }

  private leave() {
    const provider = this.provider;
    this.provider = null;
    if (provider) {
      provider.awareness.setLocalState(null);
      provider.destroy();
    }
    this.doc?.destroy();
    this.doc = null;
    this.session = null;
    this.render();
  }

  private user() {
    const id = this.getAttribute('user-id') || '';
    const color = this.getAttribute('user-color') || '#1a73e8';
    return {
      id,
      name: this.getAttribute('user-name') || id,
      color,
      colorLight: this.getAttribute('user-color-light') || color + '33',
    };
  }

  /** The cursor in the active file, as its editor last reported it (null before it did). */
  private position() {
    const file = this.getAttribute('file');
    return (file && this.cursors.get(file)) || null;
  }

  private cursorReported(event: CustomEvent) {
    const detail = event.detail as { workspaceId?: string | null; path?: string; line?: number; column?: number };
    const workspaceId = this.getAttribute('workspace-id');
    if (!detail?.path || !(Number(detail.line) > 0) || (detail.workspaceId && detail.workspaceId !== workspaceId)) {
      return;
    }
    // Kept for every open file: the page may switch tabs (the file attribute) before or after the
    // editor of that file reports, and a hidden editor's cursor still moves with remote edits.
    this.cursors.set(detail.path, { line: Number(detail.line), column: Math.max(1, Number(detail.column) || 1) });
    if (detail.path === this.getAttribute('file')) {
      this.publishFileAndPosition();
    }
  }

  /** Publishes file and position in one awareness update, and only when one of them changed. */
  private publishFileAndPosition() {
    const awareness = this.provider?.awareness;
    const current = awareness?.getLocalState() as PeerState | null | undefined;
    if (!awareness || !current) {
      return;
    }
    const file = this.getAttribute('file') || null;
    const position = this.position();
    const same =
      (current.file ?? null) === file &&
      (current.position?.line ?? 0) === (position?.line ?? 0) &&
      (current.position?.column ?? 0) === (position?.column ?? 0);
    if (!same) {
      awareness.setLocalState({ ...current, file, position });
    }
  }

  private collabBase(): string {
    const explicit = this.getAttribute('collab-base');
    // document.baseURI is the application root (Vaadin writes <base href>), context path included.
    const url = new URL(explicit || 'collab', document.baseURI);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.toString().replace(/\/$/, '');
  }

  private setConnection(state: string, code?: number, reason?: string) {
    this.setAttribute('connection', state);
    this.fire('presence-connection', { state, code: code ?? null, reason: reason ?? null });
    this.render();
  }

  private applyFollowing(userId: string | null, byUser: boolean) {
    const me = this.getAttribute('user-id');
    const target = userId && userId !== me ? userId : null;
    const current = this.getAttribute('following') || null;
    if (byUser && current !== target && !target) {
      // Opting out of the current lecture keeps the user unfollowed until the next one.
      if (this.followingForLecture) {
        this.optedOut = this.lectureKey();
      }
    }
    if (byUser || target !== current) {
      this.followingForLecture = false;
    }
    this.reportedFile = null;
    if (target) {
      this.setAttribute('following', target);
    } else {
      this.removeAttribute('following');
    }
    this.provider?.awareness.setLocalStateField('following', target);
    if (byUser || target !== current) {
      this.fire('follow-changed', { userId: target ?? '' });
    }
    this.reportFollowedFile();
    this.render();
  }

  private onPeersChanged() {
    this.reportFollowedFile();
    this.scheduleRender();
  }

  /** Tells the page when the followed person has another file open than last reported. */
  private reportFollowedFile() {
    const followed = this.getAttribute('following');
    if (!followed) {
      return;
    }
    const person = this.collectPeople().find((p) => p.id === followed);
    if (!person || !person.file || person.file === this.reportedFile) {
      return;
    }
    this.reportedFile = person.file;
    this.fire('followed-file', {
      userId: person.id,
      path: person.file,
      line: person.line,
      column: person.column,
    });
  }

  private lectureKey(): string {
    const leader = this.session?.get('leader') as string | undefined;
    const startedAt = this.session?.get('startedAt') as number | undefined;
    return leader ? `${leader}@${startedAt ?? ''}` : '';
  }

  private onSessionChanged() {
    const leader = (this.session?.get('leader') as string | undefined) || '';
    const me = this.getAttribute('user-id');
    if (leader) {
      this.setAttribute('leader', leader);
    } else {
      this.removeAttribute('leader');
    }
    this.fire('lecture-changed', { leader });
    if (leader && leader !== me && this.optedOut !== this.lectureKey()) {
      this.applyFollowing(leader, false);
      this.followingForLecture = true;
    } else if (!leader && this.followingForLecture) {
      this.followingForLecture = false;
      this.applyFollowing(null, false);
    }
    this.render();
  }

  private collectPeople(): Person[] {
    const provider = this.provider;
    if (!provider) {
      return [];
    }
    const me = this.getAttribute('user-id');
    const byId = new Map<string, Person>();
    provider.awareness.getStates().forEach((raw) => {
      const state = raw as PeerState;
      const id = state?.user?.id;
      if (!id) {
        return;
      }
      const known = byId.get(id);
      if (known && (known.file || !state.file)) {
        return;
      }
      byId.set(id, {
        id,
        name: state.user?.name || id,
        color: state.user?.color || '#888',
        file: state.file || null,
        following: state.following || null,
        line: state.position?.line ?? 0,
        column: state.position?.column ?? 0,
      });
    });
    return [...byId.values()].sort((a, b) =>
      a.id === me ? -1 : b.id === me ? 1 : a.name.localeCompare(b.name),
    );
  }

  private scheduleRender() {
    if (this.renderQueued) {
      return;
    }
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      this.render();
    });
  }

  private render() {
    if (this.views.size === 0) {
      this.renderInto(this.bar, this.list);
    } else {
      // Shown elsewhere: one copy only, so ids and clicks are unambiguous.
      this.bar.replaceChildren();
      this.barKeys.delete(this.bar);
      this.list.replaceChildren();
    }
    this.views.forEach((root) => {
      const bar = root.querySelector<HTMLDivElement>('.bar');
      const list = root.querySelector('ul');
      if (bar && list) {
        this.renderInto(bar, list);
      }
    });
  }

  private renderInto(bar: HTMLDivElement, list: HTMLUListElement) {
    const people = this.collectPeople();
    this.renderBar(bar, people);
    this.renderList(list, people);
  }

  private renderBar(bar: HTMLDivElement, people: Person[]) {
    const me = this.getAttribute('user-id');
    const leader = this.getAttribute('leader');
    const connection = this.getAttribute('connection') || 'disconnected';
    const leaderName = leader ? people.find((p) => p.id === leader)?.name ?? '' : '';
    const canLead = this.hasAttribute('can-lead');
    // Cursors move many times a second; rebuilding the bar each time would swallow clicks on its
    // buttons (a click whose press and release land on different elements never fires).
    const key = JSON.stringify([connection, people.length, leader, leaderName, me, canLead, !!this.provider]);
    if (this.barKeys.get(bar) === key) {
      return;
    }
    this.barKeys.set(bar, key);

    bar.replaceChildren();
    const state = document.createElement('span');
    state.className = 'state';
    state.setAttribute('part', 'connection');
    state.textContent =
      connection === 'connected' ? `${people.length} here` : connection === 'connecting' ? 'Connecting…' : 'Offline';
    bar.append(state);
    if (leader) {
      const banner = document.createElement('span');
      banner.className = 'lecture';
      banner.dataset.testid = 'lecture-banner';
      banner.textContent = leader === me ? 'Everyone follows you' : `${leaderName || 'The owner'} is leading`;
      bar.append(banner);
    }
    if (canLead) {
      const lead = document.createElement('button');
      lead.id = leader === me ? 'lecture-stop' : 'lecture-start';
      lead.textContent = leader === me ? 'Stop leading' : 'Follow me';
      lead.title = leader === me ? 'End lecture mode' : 'Ask everyone to follow your view (lecture mode)';
      lead.addEventListener('click', () => (leader === me ? this.stopLecture() : this.startLecture()));
      lead.disabled = !this.provider;
      bar.append(lead);
    }
  }

  /**
   * Updates the entries in place (one <li> per person, kept while they stay), for the same reason as
   * the bar: positions change while someone types, and a replaced entry would lose the click.
   */
  private renderList(list: HTMLUListElement, people: Person[]) {
    const me = this.getAttribute('user-id');
    const names = new Map(people.map((p) => [p.id, p.name]));
    const following = this.getAttribute('following');
    const existing = new Map<string, HTMLLIElement>();
    for (const child of Array.from(list.children)) {
      const id = (child as HTMLElement).dataset.userId;
      if (id) {
        existing.set(id, child as HTMLLIElement);
      }
    }
    const items = people.map((person) => {
      const item = existing.get(person.id) ?? this.createEntry(person.id);
      this.fillEntry(item, person, person.id === me, following === person.id, names);
      return item;
    });
    const children = list.children;
    if (items.length !== children.length || items.some((item, i) => children[i] !== item)) {
      list.replaceChildren(...items);
    }
  }

  /** The skeleton of one person's entry; its handlers look the person up when clicked. */
  private createEntry(userId: string): HTMLLIElement {
    const item = document.createElement('li');
    item.dataset.userId = userId;
    item.setAttribute('part', 'person');
    const dot = document.createElement('span');
    dot.className = 'dot';
    const who = document.createElement('div');
    who.className = 'who';
    const name = document.createElement('div');
    name.className = 'name';
    const file = document.createElement('div');
    file.className = 'file';
    file.dataset.testid = 'file';
    who.append(name, file);
    item.append(dot, who);
    item.addEventListener('click', () => {
      const person = this.collectPeople().find((p) => p.id === userId);
      if (person && person.file && person.id !== this.getAttribute('user-id')) {
        this.fire('open-file', {
          userId: person.id,
          path: person.file,
          line: person.line,
          column: person.column,
        });
      }
    });
    return item;
  }

  private fillEntry(
    item: HTMLLIElement,
    person: Person,
    isMe: boolean,
    followed: boolean,
    names: Map<string, string>,
  ) {
    const set = (element: HTMLElement, text: string) => {
      if (element.textContent !== text) {
        element.textContent = text;
      }
    };
    item.dataset.file = person.file ?? '';
    item.dataset.line = String(person.line);
    item.dataset.column = String(person.column);
    const dot = item.querySelector('.dot') as HTMLElement;
    dot.style.background = person.color;
    set(dot, (person.name.trim()[0] || '?').toUpperCase());
    set(item.querySelector('.name') as HTMLElement, isMe ? `${person.name} (you)` : person.name);
    const file = item.querySelector('.file') as HTMLElement;
    const where = person.file ? person.file + (person.line > 0 ? `:${person.line}` : '') : 'no file open';
    const follows = person.following ? ` · following ${names.get(person.following) || 'someone'}` : '';
    set(file, where + follows);
    file.title = file.textContent ?? '';
    item.classList.toggle('other', !isMe);
    item.title = isMe
      ? ''
      : person.file
        ? `Open ${where} where ${person.name} is`
        : person.name;

    let follow = item.querySelector('button');
    if (isMe) {
      follow?.remove();
      return;
    }
    if (!follow) {
      follow = document.createElement('button');
      follow.dataset.testid = 'follow';
      follow.addEventListener('click', (event) => {
        event.stopPropagation();
        const id = item.dataset.userId || null;
        this.follow(this.getAttribute('following') === id ? null : id);
      });
      item.append(follow);
    }
    follow.className = followed ? 'on' : '';
    set(follow, followed ? 'Following' : 'Follow');
    follow.title = followed ? `Stop following ${person.name}` : `Follow ${person.name}'s view`;
  }

  private fire(type: string, detail: Record<string, unknown>) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

/**
 * <atelier-presence-view for="presence-id">: shows the list of the <atelier-presence> element with
 * that id somewhere else (a side panel that may be hidden or shown later), while that element keeps
 * the connection wherever the page put it.
 */
export class AtelierPresenceView extends HTMLElement {
  private readonly root: ShadowRoot;
  private source: AtelierPresence | null = null;
  private retry = 0;

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = STYLE;
    const bar = document.createElement('div');
    bar.className = 'bar';
    const list = document.createElement('ul');
    list.setAttribute('part', 'list');
    this.root.append(style, bar, list);
  }

  connectedCallback() {
    this.bind();
  }

  disconnectedCallback() {
    window.clearTimeout(this.retry);
    this.source?.detachView(this.root);
    this.source = null;
  }

  private bind() {
    const id = this.getAttribute('for');
    const source = id ? document.getElementById(id) : null;
    if (source instanceof AtelierPresence) {
      this.source = source;
      source.attachView(this.root);
    } else if (this.isConnected) {
      // The page may add the source after the view (both arrive in one round trip).
      this.retry = window.setTimeout(() => this.bind(), 100);
    }
  }
}

if (!customElements.get('atelier-presence')) {
  customElements.define('atelier-presence', AtelierPresence);
}
if (!customElements.get('atelier-presence-view')) {
  customElements.define('atelier-presence-view', AtelierPresenceView);
}
