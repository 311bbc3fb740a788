/*
 * <atelier-editor>: CodeMirror 6 bound to a collaborative room of the Atelier hub.
 *
 * The room (y-websocket protocol, text in doc.getText('content')) is the only way text reaches the
 * server: the hub writes it to the workspace file. Edits typed while offline are kept in IndexedDB
 * and merged when the connection comes back (see OfflineStore for the stale-copy check).
 *
 * Attributes: workspace-id, path, syntax (the grammar's id, chosen by the server), user-id, user-name, user-color, user-color-light, read-only,
 * theme (light|dark), follow-user, collab-base (optional; default: same origin /collab), standalone
 * (no room: shows the `content` property, used for files too large to co-edit).
 * Reflected: connection (connecting|connected|synced|disconnected), ready (accepts input).
 * Events: atelier-save {path}, atelier-connection {state, code?, reason?}, follow-stopped {userId},
 *   atelier-cursor {workspaceId, path, line, column} - where the main cursor is (1-based), sent when
 *   the editor becomes ready and then at most every CURSOR_INTERVAL_MS while it moves. It stays in the
 *   page: <atelier-presence> listens for it, so "where I am" reaches the others without a round trip
 *   through the Vaadin server.
 *
 * Other features add CodeMirror extensions through registerEditorExtension (one place, one
 * Compartment per editor), e.g. the language-server client.
 */
import { Compartment, EditorSelection, EditorState, Extension } from '@codemirror/state';
import {
  EditorView,
  crosshairCursor,
  drawSelection,
  dropCursor,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  rectangularSelection,
} from '@codemirror/view';
import {
  bracketMatching,
  defaultHighlightStyle,
  foldGutter,
  foldKeymap,
  indentOnInput,
  syntaxHighlighting,
} from '@codemirror/language';
import { defaultKeymap, indentWithTab } from '@codemirror/commands';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { oneDark } from '@codemirror/theme-one-dark';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next';
import { loadSyntax } from './editor-languages';
import { OfflineStore } from './editor-offline';

/** What an extension contributor learns about the editor it contributes to. */
export interface EditorContext {
  element: AtelierEditor;
  workspaceId: string | null;
  path: string | null;
  readOnly: boolean;
  view: EditorView;
}

/** Returns the extensions to add to an editor (or [] when it does not apply to this one). */
export type EditorExtensionContributor = (context: EditorContext) => Extension;

const contributors: EditorExtensionContributor[] = [];
const liveEditors = new Set<AtelierEditor>();

/**
 * Adds CodeMirror extensions to every editor, present and future. The contributor is called again
 * whenever an editor opens another file or changes read-only mode.
 */
export function registerEditorExtension(contributor: EditorExtensionContributor): void {
  contributors.push(contributor);
  liveEditors.forEach((editor) => editor.refreshContributions());
}

export type ConnectionState = 'connecting' | 'connected' | 'synced' | 'disconnected';

/**
 * The least time between two atelier-cursor events while the cursor moves (the last position is
 * always sent): enough for "where is everyone" without an awareness message per keystroke.
 */
const CURSOR_INTERVAL_MS = 150;

/** Edits typed while following someone end the follow; so does scrolling by hand. */
const USER_EVENTS = ['input', 'delete', 'move', 'select', 'undo', 'redo'];

const baseTheme = EditorView.theme({
  '&': { height: '100%', fontSize: '13.5px' },
  '.cm-scroller': {
    fontFamily: 'ui-monospace, "JetBrains Mono", "Fira Code", Menlo, Consolas, monospace',
  },
  '&.cm-focused': { outline: 'none' },
});

const lightTheme: Extension = [
  syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
  EditorView.theme({ '&': { backgroundColor: '#ffffff' } }, { dark: false }),
];

export class AtelierEditor extends HTMLElement {
  static get observedAttributes() {
    return [
      'workspace-id',
      'path',
      'read-only',
      'theme',
      'follow-user',
      'user-id',
      'user-name',
      'user-color',
      'user-color-light',
      'standalone',
      'syntax',
    ];
  }

  private view: EditorView | null = null;
  private doc: Y.Doc | null = null;
  private provider: WebsocketProvider | null = null;
  private offline: OfflineStore | null = null;
  private undoManager: Y.UndoManager | null = null;
  private readonly language = new Compartment();
  private readonly theme = new Compartment();
  private readonly editable = new Compartment();
  private readonly contributed = new Compartment();
  private readonly collab = new Compartment();
  private isReady = false;
  private pendingReveal: [number, number] | null = null;
  private standaloneContent = '';
  private initScheduled = false;
  private generation = 0;
  private followedCursorKey = '';
  /** The last atelier-cursor sent (path:line:column), when it was sent, and the pending send. */
  private reportedCursor = '';
  private cursorReportedAt = 0;
  private cursorTimer = 0;

  /** The text shown in standalone mode (files too large for a room). */
  get content(): string {
    return this.view ? this.view.state.doc.toString() : this.standaloneContent;
  }

  set content(value: string) {
    this.standaloneContent = value ?? '';
    if (this.view && this.hasAttribute('standalone')) {
      this.view.dispatch({
        changes: { from: 0, to: this.view.state.doc.length, insert: this.standaloneContent },
      });
    }
  }

  /** The CodeMirror view, for extensions and tests. */
  get editorView(): EditorView | null {
    return this.view;
  }

  connectedCallback() {
    // A property set before this class was defined shadows the accessor: move it over.
    if (Object.prototype.hasOwnProperty.call(this, 'content')) {
      const value = (this as unknown as { content: string }).content;
      delete (this as unknown as { content?: string }).content;
      this.standaloneContent = value ?? '';
    }
    liveEditors.add(this);
    this.syncRoot();
    this.scheduleInit();
  }

  /**
   * CodeMirror remembers the document or shadow root it was created in and decides from it whether
   * it has focus. Vaadin layouts re-parent the editor (into a split layout when the first side or
   * bottom panel is added), and a stale root makes CodeMirror believe it is unfocused: it then
   * leaves the browser caret wherever a DOM update put it, and typed text lands in the wrong place.
   * So the root is re-resolved whenever the element is connected or focused.
   */
  private syncRoot() {
    const root = this.getRootNode();
    if (this.view && (root instanceof Document || root instanceof ShadowRoot) && this.view.root !== root) {
      this.view.setRoot(root);
    }
  }

  disconnectedCallback() {
    // A move inside the DOM disconnects and reconnects at once: keep the room in that case.
    setTimeout(() => {
      if (!this.isConnected) {
        liveEditors.delete(this);
        this.teardown();
      }
    });
  }

  attributeChangedCallback(name: string, oldValue: string | null, newValue: string | null) {
    if (oldValue === newValue || !this.view) {
      return;
    }
    switch (name) {
      case 'workspace-id':
      case 'path':
      case 'standalone':
        this.teardown();
        this.scheduleInit();
        break;
      case 'read-only':
        this.applyEditable();
        this.refreshContributions();
        break;
      case 'theme':
        this.view.dispatch({ effects: this.theme.reconfigure(this.themeExtension()) });
        break;
      case 'syntax':
        this.applySyntax(this.generation);
        break;
      case 'follow-user':
        this.followedCursorKey = '';
        this.setAwareness('following', newValue || null);
        this.followNow();
        break;
      default:
        if (name.startsWith('user-')) {
          this.setAwareness('user', this.user());
        }
    }
  }

  /** Puts the cursor at line:column (1-based; column 0 = start of line) and scrolls to it. */
  reveal(line: number, column: number) {
    if (!this.view || !this.isReady) {
      this.pendingReveal = [line, column];
      return;
    }
    const doc = this.view.state.doc;
    const target = doc.line(Math.min(Math.max(1, line), doc.lines));
    const pos = Math.min(target.from + Math.max(0, column - 1), target.to);
    this.view.dispatch({
      selection: EditorSelection.cursor(pos),
      effects: EditorView.scrollIntoView(pos, { y: 'center' }),
    });
    this.view.focus();
  }

  /** Focuses the text. */
  focusEditor() {
    this.view?.focus();
  }

  /** Re-asks every registered contributor for its extensions. */
  refreshContributions() {
    if (this.view) {
      this.view.dispatch({ effects: this.contributed.reconfigure(this.contributions()) });
    }
  }

  private scheduleInit() {
    if (this.initScheduled) {
      return;
    }
    this.initScheduled = true;
    // Vaadin sets attributes right after creating the element: start once they are all there.
    queueMicrotask(() => {
      this.initScheduled = false;
      if (this.isConnected && !this.view) {
        this.init();
      }
    });
  }

  private init() {
    this.mark('created');
    if (!this.style.display) {
      this.style.display = 'block';
    }
    const generation = ++this.generation;
    const standalone = this.hasAttribute('standalone');
    const workspaceId = this.getAttribute('workspace-id');
    const path = this.getAttribute('path');
    const extensions: Extension[] = [
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      foldGutter(),
      drawSelection(),
      dropCursor(),
      EditorState.allowMultipleSelections.of(true),
      indentOnInput(),
      bracketMatching(),
      closeBrackets(),
      rectangularSelection(),
      crosshairCursor(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      keymap.of([
        // Stopped here: the page's own Ctrl+S (for focus outside the editor) must not save twice.
        { key: 'Mod-s', run: () => this.requestSave(), preventDefault: true, stopPropagation: true },
        ...closeBracketsKeymap,
        ...yUndoManagerKeymap,
        ...defaultKeymap,
        ...searchKeymap,
        ...foldKeymap,
        indentWithTab,
      ]),
      baseTheme,
      this.theme.of(this.themeExtension()),
      this.language.of([]),
      this.editable.of(this.editableExtension()),
      this.collab.of([]),
      this.contributed.of([]),
      EditorView.updateListener.of((update) => {
        // Remote edits above the cursor move its line too, so text changes count as well.
        if (update.selectionSet || update.docChanged) {
          this.scheduleCursorReport();
        }
        if (
          this.hasAttribute('follow-user') &&
          update.transactions.some((tr) => USER_EVENTS.some((e) => tr.isUserEvent(e)))
        ) {
          this.stopFollowing();
        }
      }),
      EditorView.domEventHandlers({
        wheel: () => {
          this.stopFollowing();
          return false;
        },
      }),
    ];
    this.view = new EditorView({
      state: EditorState.create({ doc: standalone ? this.standaloneContent : '', extensions }),
      parent: this,
    });
    this.view.contentDOM.addEventListener('focus', () => this.syncRoot());
    this.syncRoot();
    this.refreshContributions();
    this.applySyntax(generation);
    if (standalone || !workspaceId || !path) {
      this.setConnection(standalone ? 'synced' : 'disconnected');
      this.markReady();
      return;
    }
    this.joinRoom(workspaceId, path, generation);
  }

  /** Loads the grammar the `syntax` attribute names (set by the server) and switches to it. */
  private applySyntax(generation: number) {
    const syntax = this.getAttribute('syntax');
    loadSyntax(syntax).then(
      (lang) => {
        if (this.view && generation === this.generation) {
          this.view.dispatch({ effects: this.language.reconfigure(lang) });
        }
      },
      (e) => console.warn(`No syntax highlighting for ${syntax}: its grammar did not load`, e),
    );
  }

  private joinRoom(workspaceId: string, path: string, generation: number) {
    const doc = new Y.Doc();
    const text = doc.getText('content');
    this.doc = doc;
    this.undoManager = new Y.UndoManager(text);
    const provider = new WebsocketProvider(this.collabBase(), `${workspaceId}/${path}`, doc, {
      maxBackoffTime: 10000,
      // Each tab must see the server's verdict (read-only, revoked), not a sibling tab's copy.
      disableBc: true,
    });
    this.provider = provider;
    provider.awareness.setLocalStateField('user', this.user());
    provider.awareness.setLocalStateField('file', path);
    provider.awareness.setLocalStateField('following', this.getAttribute('follow-user') || null);
    this.setConnection('connecting');
    provider.on('status', ({ status }) => {
      if (generation === this.generation) {
        this.mark(status);
        this.setConnection(status === 'connected' && provider.synced ? 'synced' : status);
      }
    });
    provider.on('sync', (synced: boolean) => {
      if (generation === this.generation && synced && provider.wsconnected) {
        this.mark('synced');
        this.setConnection('synced');
      }
    });
    provider.on('closed', ({ code, reason }) => {
      if (generation === this.generation) {
        this.setConnection('disconnected', code, reason);
      }
    });
    provider.awareness.on('change', () => this.followNow());
    this.view!.dispatch({
      effects: this.collab.reconfigure(
        yCollab(text, provider.awareness, { undoManager: this.undoManager }),
      ),
    });

    const readOnly = this.hasAttribute('read-only');
    if (readOnly) {
      // Nothing typed here can reach the room, so there is nothing to keep offline.
      this.whenFirstSynced(provider, () => this.markReady());
      return;
    }
    this.offline = new OfflineStore(`atelier:${workspaceId}/${path}`, doc);
    void this.offline
      .attach(provider)
      .catch((e) => console.warn(`The offline copy of ${path} could not be merged`, e))
      .then(() => {
        if (generation === this.generation) {
          this.markReady();
        }
      });
  }

  private whenFirstSynced(provider: WebsocketProvider, then: () => void) {
    if (provider.synced) {
      then();
      return;
    }
    const onSync = (synced: boolean) => {
      if (synced) {
        provider.off('sync', onSync);
        then();
      }
    };
    provider.on('sync', onSync);
  }

  /** A performance mark per stage (atelier-editor:<path>:<stage>), for load-time measurements. */
  private mark(stage: string) {
    try {
      performance.mark(`atelier-editor:${this.getAttribute('path') ?? ''}:${stage}`);
    } catch {
      // Marks are diagnostics only.
    }
  }

  private markReady() {
    this.mark('ready');
    this.isReady = true;
    this.applyEditable();
    this.setAttribute('ready', '');
    if (this.pendingReveal) {
      const [line, column] = this.pendingReveal;
      this.pendingReveal = null;
      this.reveal(line, column);
    }
    // A newly opened (or renamed) file: say where the cursor is at once, not after the interval.
    this.reportCursor();
  }

  /** Sends atelier-cursor now, or once CURSOR_INTERVAL_MS has passed since the last one. */
  private scheduleCursorReport() {
    if (!this.isReady || this.cursorTimer) {
      return;
    }
    const wait = this.cursorReportedAt + CURSOR_INTERVAL_MS - performance.now();
    if (wait <= 0) {
      this.reportCursor();
    } else {
      // Trailing send: the position the cursor came to rest at must always reach the others.
      this.cursorTimer = window.setTimeout(() => this.reportCursor(), wait);
    }
  }

  private reportCursor() {
    window.clearTimeout(this.cursorTimer);
    this.cursorTimer = 0;
    const path = this.getAttribute('path');
    if (!this.view || !this.isReady || !path) {
      return;
    }
    const head = this.view.state.selection.main.head;
    const line = this.view.state.doc.lineAt(head);
    const detail = {
      workspaceId: this.getAttribute('workspace-id'),
      path,
      line: line.number,
      column: head - line.from + 1,
    };
    const key = `${path}:${detail.line}:${detail.column}`;
    if (key === this.reportedCursor) {
      return;
    }
    this.reportedCursor = key;
    this.cursorReportedAt = performance.now();
    this.dispatchEvent(new CustomEvent('atelier-cursor', { detail, bubbles: true, composed: true }));
  }

  private teardown() {
    this.generation++;
    this.isReady = false;
    window.clearTimeout(this.cursorTimer);
    this.cursorTimer = 0;
    this.reportedCursor = '';
    this.removeAttribute('ready');
    this.offline?.destroy();
    this.offline = null;
    this.provider?.destroy();
    this.provider = null;
    this.undoManager?.destroy();
    this.undoManager = null;
    this.doc?.destroy();
    this.doc = null;
    this.view?.destroy();
    this.view = null;
  }

  private editableExtension(): Extension {
    // Until the room's text (and any offline edits) are in, typing would race the first sync.
    const readOnly = this.hasAttribute('read-only') || !this.isReady;
    return [EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)];
  }

  private applyEditable() {
    this.view?.dispatch({ effects: this.editable.reconfigure(this.editableExtension()) });
  }

  private themeExtension(): Extension {
    return this.getAttribute('theme') === 'dark' ? oneDark : lightTheme;
  }

  private contributions(): Extension {
    if (!this.view) {
      return [];
    }
    const context: EditorContext = {
      element: this,
      workspaceId: this.getAttribute('workspace-id'),
      path: this.getAttribute('path'),
      readOnly: this.hasAttribute('read-only'),
      view: this.view,
    };
    return contributors.map((contributor) => {
      try {
        return contributor(context);
      } catch (e) {
        console.error('An editor extension failed to initialise; the editor works without it', e);
        return [];
      }
    });
  }

  private user() {
    const id = this.getAttribute('user-id') || '';
    const color = this.getAttribute('user-color') || '#30bced';
    return {
      id,
      name: this.getAttribute('user-name') || id,
      color,
      colorLight: this.getAttribute('user-color-light') || color + '33',
    };
  }

  private setAwareness(field: string, value: unknown) {
    this.provider?.awareness.setLocalStateField(field, value);
  }

  private collabBase(): string {
    const explicit = this.getAttribute('collab-base');
    // document.baseURI is the application root (Vaadin writes <base href>), context path included.
    const url = new URL(explicit || 'collab', document.baseURI);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.toString().replace(/\/$/, '');
  }

  private setConnection(state: ConnectionState, code?: number, reason?: string) {
    if (this.getAttribute('connection') === state && code === undefined) {
      return;
    }
    this.setAttribute('connection', state);
    this.dispatchEvent(
      new CustomEvent('atelier-connection', {
        detail: { state, code: code ?? null, reason: reason ?? null },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private requestSave(): boolean {
    this.dispatchEvent(
      new CustomEvent('atelier-save', {
        detail: { path: this.getAttribute('path') },
        bubbles: true,
        composed: true,
      }),
    );
    return true;
  }

  /** Scrolls the followed user's cursor into view when it moved. */
  private followNow() {
    const followed = this.getAttribute('follow-user');
    const provider = this.provider;
    if (!followed || !provider || !this.doc || !this.view) {
      return;
    }
    for (const state of provider.awareness.getStates().values()) {
      const peer = state as { user?: { id?: unknown }; file?: unknown; cursor?: { head?: unknown } };
      if (peer?.user?.id !== followed || peer.file !== this.getAttribute('path')) {
        continue;
      }
      const cursor = peer.cursor;
      if (!cursor?.head) {
        return;
      }
      const key = JSON.stringify(cursor.head);
      if (key === this.followedCursorKey) {
        return;
      }
      const head = Y.createAbsolutePositionFromRelativePosition(
        Y.createRelativePositionFromJSON(cursor.head),
        this.doc,
      );
      if (head) {
        this.followedCursorKey = key;
        const pos = Math.min(head.index, this.view.state.doc.length);
        this.view.dispatch({ effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
      }
      return;
    }
  }

  private stopFollowing() {
    const followed = this.getAttribute('follow-user');
    if (!followed) {
      return;
    }
    this.removeAttribute('follow-user');
    this.dispatchEvent(
      new CustomEvent('follow-stopped', {
        detail: { userId: followed },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

if (!customElements.get('atelier-editor')) {
  customElements.define('atelier-editor', AtelierEditor);
}
