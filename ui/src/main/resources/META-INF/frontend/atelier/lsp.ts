/*
 * Language intelligence for <atelier-editor>: an LSP client (@codemirror/lsp-client) talking to the
 * workspace's language gateway over ws(s)://host/lsp/{workspaceId}, one JSON-RPC message per frame.
 *
 * The gateway, not the browser, owns the text the servers see: it feeds them the collaborative
 * document (the same text the editor shows through the CRDT) and answers `initialize` with
 * open/close-only sync, so this client never sends didChange. Local edits are still tracked, only
 * to map positions of answers that were computed while the user kept typing.
 *
 * One WebSocket per page and workspace, shared by every editor of that workspace.
 *
 * Events dispatched on the editor element (bubbling, composed), for the page to handle:
 *   open-file      {path, line, column}  go to a definition / reference in another file (1-based)
 *   lsp-references {path, references: [{path|null, uri, line, column}]}  Shift+F12 results
 *   lsp-edit       {path, edits: [{range, newText}]}  rename edits to a file not open in this page
 *   lsp-message    {type, message}  server messages (1 error, 2 warning, 3 info), e.g.
 *                  "Java language server not installed (see docs/language-servers.md)"
 *   lsp-status     {state: 'connected'|'disconnected'|'closed', code?, reason?}
 */
import { EditorState, Extension, Prec, StateEffect, StateField, Text } from '@codemirror/state';
import { EditorView, KeyBinding, Panel, ViewPlugin, keymap, showDialog, showPanel } from '@codemirror/view';
import { Diagnostic as LintDiagnostic, lintGutter, setDiagnostics } from '@codemirror/lint';
import {
  LSPClient,
  LSPPlugin,
  Transport,
  Workspace,
  WorkspaceFile,
  formatKeymap,
  hoverTooltips,
  serverCompletionSource,
  signatureHelp,
} from '@codemirror/lsp-client';
import { CompletionSource, autocompletion } from '@codemirror/autocomplete';
import { registerEditorExtension } from './editor';

/** What an editor needs to take part. */
export interface LanguageServerOptions {
  /** `/lsp/{workspaceId}` (resolved against the page) or a full ws(s):// URL. */
  url: string;
  /** Workspace-relative path of the file, e.g. `src/main.py`. */
  path: string;
  /** LSP language id (the gateway picks the server by path; this is informative). */
  languageId: string;
  /** The element events are dispatched on (the <atelier-editor>). */
  host: HTMLElement;
  /** Read-only editors get everything except rename and formatting (they would edit). */
  readOnly?: boolean;
}

const SCHEME = 'atelier:';

/** `src/a b.py` → `atelier:/src/a%20b.py` (the gateway's URI scheme, see docs). */
export function clientUri(path: string): string {
  return SCHEME + '/' + path.split('/').filter((s) => s.length > 0).map(encodeURIComponent).join('/');
}

/** The workspace path of an `atelier:` URI, or null for anything else (a system header). */
export function pathOfUri(uri: string): string | null {
  if (!uri.startsWith(SCHEME + '/')) return null;
  return uri.slice(SCHEME.length + 1).split('/').map(decodeURIComponent).join('/');
}

function socketUrl(url: string): string {
  if (/^wss?:\/\//.test(url)) return url;
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return scheme + '//' + location.host + (url.startsWith('/') ? url : '/' + url);
}

function emit(host: HTMLElement | null, type: string, detail: unknown) {
  host?.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

// ---- HTML from servers (hover, completion docs) is shown only after sanitizing ----

const ALLOWED_TAGS = new Set(
  ('p pre code em strong b i a ul ol li h1 h2 h3 h4 h5 h6 br hr span div blockquote table thead ' +
    'tbody tr th td del s sub sup kbd').split(' '),
);

/**
 * Language servers render text from the workspace (docstrings, comments), which collaborators
 * control: keep only inert markup, so a crafted docstring cannot run script in a reader's page.
 */
export function sanitizeHtml(html: string): string {
  const template = document.createElement('template');
  template.innerHTML = html;
  const clean = (node: Element) => {
    for (const child of Array.from(node.children)) {
      if (!ALLOWED_TAGS.has(child.tagName.toLowerCase())) {
        child.replaceWith(document.createTextNode(child.textContent ?? ''));
        continue;
      }
      for (const attr of Array.from(child.attributes)) {
        const keep =
          (attr.name === 'class' && /^[\w\s-]*$/.test(attr.value)) ||
          (attr.name === 'href' && child.tagName === 'A' && /^https?:\/\//i.test(attr.value));
        if (!keep) child.removeAttribute(attr.name);
      }
      if (child.tagName === 'A') child.setAttribute('target', '_blank');
      if (child.tagName === 'A') child.setAttribute('rel', 'noopener noreferrer');
      clean(child);
    }
  };
  clean(template.content as unknown as Element);
  return template.innerHTML;
}

// ---- the workspace: which files this page shows, and who to tell about others ----

type FileUpdate = ReturnType<Workspace['syncFiles']>[number];

class PageFile implements WorkspaceFile {
  readonly views: EditorView[] = [];
  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    public doc: Text,
    public host: HTMLElement,
  ) {}
  getView(main?: EditorView): EditorView | null {
    return main && this.views.includes(main) ? main : (this.views[0] ?? null);
  }
}

class PageWorkspace extends Workspace {
  files: PageFile[] = [];
  /** The element of the editor that opened a file last: server messages are shown there. */
  lastHost: HTMLElement | null = null;
  private readonly hosts = new WeakMap<EditorView, HTMLElement>();

  register(view: EditorView, host: HTMLElement) {
    this.hosts.set(view, host);
  }

  hostOf(view: EditorView): HTMLElement | null {
    return this.hosts.get(view) ?? null;
  }

  /** Local edits reach the server through the collaborative document, not through this client. */
  syncFiles(): readonly FileUpdate[] {
    const updates: FileUpdate[] = [];
    for (const file of this.files) {
      const view = file.getView();
      const plugin = view && LSPPlugin.get(view);
      if (!view || !plugin || plugin.unsyncedChanges.empty) continue;
      updates.push({ file, prevDoc: file.doc, changes: plugin.unsyncedChanges });
      file.doc = view.state.doc;
      file.version++;
      plugin.clear();
    }
    return updates;
  }

  openFile(uri: string, languageId: string, view: EditorView) {
    const host = this.hostOf(view) ?? view.dom;
    this.lastHost = host;
    const open = this.getFile(uri) as PageFile | null;
    if (open) {
      open.views.push(view);
      return;
    }
    const file = new PageFile(uri, languageId, 0, view.state.doc, host);
    file.views.push(view);
    this.files.push(file);
    if (this.client.connected) this.client.didOpen(file);
  }

  closeFile(uri: string, view: EditorView) {
    const file = this.getFile(uri) as PageFile | null;
    if (!file) return;
    file.views.splice(file.views.indexOf(view), 1);
    if (file.views.length === 0) {
      this.files = this.files.filter((f) => f !== file);
      if (this.client.connected) this.client.didClose(uri);
    }
  }

  override displayFile(uri: string): Promise<EditorView | null> {
    const open = this.getFile(uri);
    if (open) return Promise.resolve(open.getView());
    const path = pathOfUri(uri);
    if (path !== null) emit(this.lastHost, 'open-file', { path, line: 1, column: 1 });
    return Promise.resolve(null);
  }
}

// ---- one connection per page and workspace, reconnecting ----

/** Close codes after which reconnecting is pointless: access revoked, workspace gone. */
const FINAL_CLOSE_CODES = new Set([4401, 4403, 4404, 1008]);

/**
 * Remembers the raw items of the completion request made while {@link captured} is set, so that
 * completion documentation can be resolved for them (the library only shows documentation that
 * comes with the list; pylsp and tsserver send it on `completionItem/resolve`).
 */
class GatewayClient extends LSPClient {
  captured: { items?: any[] } | null = null;

  override request<Params, Result>(method: string, params: Params): Promise<Result> {
    const answer = super.request<Params, Result>(method, params);
    const holder = this.captured;
    if (method !== 'textDocument/completion' || !holder) return answer;
    return answer.then((result: any) => {
      holder.items = Array.isArray(result) ? result : result?.items;
      return result;
    });
  }
}

/** The server's completions, with documentation resolved lazily when the list had none. */
const completionWithDocs: CompletionSource = async (context) => {
  const plugin = context.view && LSPPlugin.get(context.view);
  if (!plugin) return null;
  const client = plugin.client as GatewayClient;
  const holder: { items?: any[] } = {};
  let pending: ReturnType<CompletionSource>;
  client.captured = holder;
  try {
    pending = serverCompletionSource(context);
  } finally {
    client.captured = null;
  }
  const result = await pending;
  const items = holder.items;
  if (!result || !items) return result;
  result.options.forEach((option, i) => {
    const item = items[i];
    if (option.info || !item) return;
    option.info = () =>
      client.request<unknown, any>('completionItem/resolve', item).then(
        (resolved) => {
          const doc = resolved?.documentation;
          if (!doc || (typeof doc !== 'string' && !doc.value)) return null;
          const dom = document.createElement('div');
          dom.className = 'cm-lsp-documentation cm-lsp-completion-documentation';
          dom.innerHTML = plugin.docToHTML(doc);
          return dom;
        },
        () => null,
      );
  });
  return result;
};

class Connection {
  readonly client: GatewayClient;
  private socket: WebSocket | null = null;
  private handlers: ((message: string) => void)[] = [];
  private retryDelay = 1000;
  private users = 0;
  private stopped = false;

  constructor(private readonly url: string) {
    this.client = new GatewayClient({
      workspace: (client) => new PageWorkspace(client),
      timeout: 35_000, // the gateway answers (with an error) after its own 30 s
      sanitizeHTML: sanitizeHtml,
      notificationHandlers: {
        'textDocument/publishDiagnostics': (client, params) => showDiagnostics(client, params),
        'window/showMessage': (client, params) => {
          const workspace = client.workspace as PageWorkspace;
          emit(workspace.lastHost, 'lsp-message', { type: params.type, message: params.message });
          return params.type > 2; // errors and warnings also show in the editor (default handler)
        },
      },
      extensions: [
        autocompletion(),
        EditorState.languageData.of(() => [{ autocomplete: completionWithDocs }]),
        hoverTooltips(),
        signatureHelp(),
      ],
    });
    this.open();
  }

  get workspace(): PageWorkspace {
    return this.client.workspace as PageWorkspace;
  }

  acquire() {
    this.users++;
  }

  /** The last editor left: close the socket (the gateway closes its documents). */
  release(): boolean {
    if (--this.users > 0) return false;
    this.stopped = true;
    this.client.disconnect();
    this.socket?.close(1000, 'no editor left');
    return true;
  }

  private open() {
    const socket = new WebSocket(socketUrl(this.url));
    this.socket = socket;
    socket.onopen = () => {
      this.retryDelay = 1000;
      const transport: Transport = {
        send: (message) => {
          if (socket.readyState !== WebSocket.OPEN) throw new Error('language server connection lost');
          socket.send(message);
        },
        subscribe: (handler) => this.handlers.push(handler),
        unsubscribe: (handler) => (this.handlers = this.handlers.filter((h) => h !== handler)),
      };
      this.client.connect(transport);
      emit(this.workspace.lastHost, 'lsp-status', { state: 'connected' });
    };
    socket.onmessage = (event) => {
      if (typeof event.data === 'string') this.handlers.forEach((h) => h(event.data));
    };
    socket.onclose = (event) => {
      if (this.client.connected) this.client.disconnect();
      this.handlers = [];
      if (this.stopped) return;
      if (FINAL_CLOSE_CODES.has(event.code)) {
        this.stopped = true;
        emit(this.workspace.lastHost, 'lsp-status', {
          state: 'closed',
          code: event.code,
          reason: event.reason,
        });
        return;
      }
      emit(this.workspace.lastHost, 'lsp-status', { state: 'disconnected', code: event.code });
      setTimeout(() => !this.stopped && this.open(), this.retryDelay);
      this.retryDelay = Math.min(this.retryDelay * 2, 30_000);
    };
  }
}

const connections = new Map<string, Connection>();

/**
 * The document offset of an LSP position (0-based line and character), clamped to the document:
 * a position past the end of its line is the line's end, a line past the last is the end.
 */
export function positionOffset(doc: Text, p: { line: number; character: number }): number {
  if (p.line >= doc.lines) return doc.length;
  const line = doc.line(p.line + 1);
  return Math.min(line.from + p.character, line.to);
}

function showDiagnostics(client: LSPClient, params: any): boolean {
  const file = client.workspace.getFile(params.uri);
  if (!file) return true; // a file this page does not show
  for (const view of (file as PageFile).views) {
    const doc = view.state.doc;
    const offset = (p: { line: number; character: number }) => positionOffset(doc, p);
    const diagnostics: LintDiagnostic[] = (params.diagnostics ?? []).map((d: any) => ({
      from: offset(d.range.start),
      to: Math.max(offset(d.range.start), offset(d.range.end)),
      severity: d.severity === 2 ? 'warning' : d.severity === 3 ? 'info' : d.severity === 4 ? 'hint' : 'error',
      source: d.source,
      message: typeof d.message === 'string' ? d.message : (d.message?.value ?? ''),
    }));
    view.dispatch(setDiagnostics(view.state, diagnostics));
  }
  return true;
}

// ---- commands the library does not offer the way the workbench needs them ----

interface Position {
  line: number;
  character: number;
}
interface Range {
  start: Position;
  end: Position;
}
interface TextEdit {
  range: Range;
  newText: string;
}

function cursorPosition(plugin: LSPPlugin, view: EditorView) {
  return { textDocument: { uri: plugin.uri }, position: plugin.toPosition(view.state.selection.main.head) };
}

/** Goes to a location: in this editor directly, elsewhere through the page (open-file). */
function goTo(view: EditorView, plugin: LSPPlugin, uri: string, start: Position) {
  const open = plugin.client.workspace.getFile(uri)?.getView() ?? null;
  if (open) {
    const pos = Math.min(plugin.fromPosition(start, open.state.doc), open.state.doc.length);
    open.dispatch({ selection: { anchor: pos }, scrollIntoView: true, userEvent: 'select.definition' });
    open.focus();
  }
  const path = pathOfUri(uri);
  const host = (plugin.client.workspace as PageWorkspace).hostOf(view);
  if (uri !== plugin.uri && path !== null) {
    emit(host, 'open-file', { path, line: start.line + 1, column: start.character + 1 });
  } else if (path === null) {
    showDialog(view, { label: 'Defined outside the workspace: ' + uri, class: 'cm-lsp-message', top: true });
  }
}

const goToDefinition = (view: EditorView): boolean => {
  const plugin = LSPPlugin.get(view);
  if (!plugin) return false;
  plugin.client.sync();
  plugin.client.request<unknown, any>('textDocument/definition', cursorPosition(plugin, view)).then(
    (result) => {
      const first = Array.isArray(result) ? result[0] : result;
      if (!first) return;
      const uri = first.targetUri ?? first.uri;
      const range = first.targetSelectionRange ?? first.range;
      goTo(view, plugin, uri, range.start);
    },
    (err) => plugin.reportError('Go to definition failed', err),
  );
  return true;
};

// References: a panel under the editor listing every hit; the list also goes to the page.
const setReferences = StateEffect.define<{ uri: string; range: Range }[] | null>();
const referencesField = StateField.define<{ uri: string; range: Range }[] | null>({
  create: () => null,
  update: (value, tr) => {
    for (const e of tr.effects) if (e.is(setReferences)) value = e.value;
    return value;
  },
  provide: (field) => showPanel.from(field, (refs) => (refs ? (view) => referencesPanel(view, refs) : null)),
});

function referencesPanel(view: EditorView, refs: { uri: string; range: Range }[]): Panel {
  const dom = document.createElement('div');
  dom.className = 'cm-atelier-references';
  const title = document.createElement('div');
  title.textContent = refs.length + (refs.length === 1 ? ' reference' : ' references') + ' (Esc closes)';
  title.style.fontWeight = 'bold';
  dom.append(title);
  const list = document.createElement('ul');
  list.style.cssText = 'margin:0;padding:0 4px;list-style:none;max-height:9em;overflow:auto;cursor:pointer';
  for (const ref of refs) {
    const item = document.createElement('li');
    item.className = 'cm-atelier-reference';
    item.textContent = (pathOfUri(ref.uri) ?? ref.uri) + ':' + (ref.range.start.line + 1) + ':' + (ref.range.start.character + 1);
    item.onclick = () => {
      const plugin = LSPPlugin.get(view);
      if (plugin) goTo(view, plugin, ref.uri, ref.range.start);
    };
    list.append(item);
  }
  dom.append(list);
  return { dom };
}

const findReferences = (view: EditorView): boolean => {
  const plugin = LSPPlugin.get(view);
  if (!plugin) return false;
  plugin.client.sync();
  const params = { ...cursorPosition(plugin, view), context: { includeDeclaration: true } };
  plugin.client.request<unknown, any[] | null>('textDocument/references', params).then(
    (result) => {
      const refs = (result ?? []).map((l) => ({ uri: l.uri as string, range: l.range as Range }));
      view.dispatch({ effects: setReferences.of(refs) });
      const host = (plugin.client.workspace as PageWorkspace).hostOf(view);
      emit(host, 'lsp-references', {
        path: pathOfUri(plugin.uri),
        references: refs.map((r) => ({
          uri: r.uri,
          path: pathOfUri(r.uri),
          line: r.range.start.line + 1,
          column: r.range.start.character + 1,
        })),
      });
    },
    (err) => plugin.reportError('Find references failed', err),
  );
  return true;
};

const closeReferences = (view: EditorView): boolean => {
  if (!view.state.field(referencesField, false)) return false;
  view.dispatch({ effects: setReferences.of(null) });
  return true;
};

/** The text edits of a WorkspaceEdit by URI (`changes` and `documentChanges` forms). */
export function editsByUri(edit: any): Map<string, TextEdit[]> {
  const result = new Map<string, TextEdit[]>();
  const add = (uri: string, edits: TextEdit[]) => result.set(uri, [...(result.get(uri) ?? []), ...edits]);
  for (const [uri, edits] of Object.entries(edit?.changes ?? {})) add(uri, edits as TextEdit[]);
  for (const change of edit?.documentChanges ?? []) {
    if (change.textDocument && Array.isArray(change.edits)) add(change.textDocument.uri, change.edits);
  }
  return result;
}

/**
 * Some servers answer with whole-file replacements; applied as they are, they would rewrite text
 * collaborators are typing in. Only the part that really changes is replaced.
 */
export function narrowChange(doc: Text, from: number, to: number, insert: string) {
  const old = doc.sliceString(from, to);
  let start = 0;
  while (start < old.length && start < insert.length && old[start] === insert[start]) start++;
  let end = 0;
  while (
    end < old.length - start &&
    end < insert.length - start &&
    old[old.length - 1 - end] === insert[insert.length - 1 - end]
  ) {
    end++;
  }
  return { from: from + start, to: to - end, insert: insert.slice(start, insert.length - end) };
}

function renameTo(view: EditorView, plugin: LSPPlugin, at: number, newName: string) {
  plugin.client.sync();
  const params = { textDocument: { uri: plugin.uri }, position: plugin.toPosition(at), newName };
  void plugin.client.withMapping((mapping) =>
    plugin.client.request<unknown, any>('textDocument/rename', params).then(
      (edit) => {
        const host = (plugin.client.workspace as PageWorkspace).hostOf(view);
        for (const [uri, edits] of editsByUri(edit)) {
          const target = plugin.client.workspace.getFile(uri)?.getView() ?? null;
          if (target) {
            // Applied in the editor, so it travels through the collaborative document like typing.
            const doc = target.state.doc;
            target.dispatch({
              changes: edits.map((e) =>
                narrowChange(
                  doc,
                  mapping.mapPosition(uri, e.range.start),
                  mapping.mapPosition(uri, e.range.end),
                  e.newText,
                ),
              ),
              userEvent: 'input.rename',
            });
          } else {
            const path = pathOfUri(uri);
            if (path !== null) emit(host, 'lsp-edit', { path, edits });
          }
        }
      },
      (err) => plugin.reportError('Rename failed', err),
    ),
  );
}

const rename = (view: EditorView): boolean => {
  const plugin = LSPPlugin.get(view);
  const at = view.state.selection.main.head;
  const word = view.state.wordAt(at);
  if (!plugin || !word) return false;
  const { result } = showDialog(view, {
    label: 'Rename to',
    input: { name: 'name', value: view.state.sliceDoc(word.from, word.to) },
    submitLabel: 'Rename',
    focus: true,
  });
  void result.then((form) => {
    const input = form?.elements.namedItem('name') as HTMLInputElement | null;
    const newName = input?.value.trim();
    if (newName) renameTo(view, plugin, at, newName);
  });
  return true;
};

// ---- the extension ----

/**
 * Tells the shared workspace which element an editor view belongs to (for events) before the LSP
 * plugin opens the file, and gives the connection back when the view goes away.
 */
function editorBinding(workspace: PageWorkspace, host: HTMLElement, release: () => void): Extension {
  return ViewPlugin.define((view) => {
    workspace.register(view, host);
    return { destroy: release };
  });
}

/**
 * The CodeMirror extension that gives one editor completion (with documentation), hover,
 * diagnostics, signature help, F12 go to definition, Shift+F12 references, F2 rename and
 * Shift+Alt+F format document against the workspace's language servers.
 */
export function languageServer(options: LanguageServerOptions): Extension {
  const url = socketUrl(options.url);
  let connection = connections.get(url);
  if (!connection) {
    connection = new Connection(url);
    connections.set(url, connection);
  }
  const shared = connection;
  shared.acquire();
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    if (shared.release()) connections.delete(url);
  };
  const keys: KeyBinding[] = [
    { key: 'F12', run: goToDefinition, preventDefault: true },
    { key: 'Shift-F12', run: findReferences, preventDefault: true },
    { key: 'Escape', run: closeReferences },
  ];
  if (!options.readOnly) keys.push({ key: 'F2', run: rename, preventDefault: true }, ...formatKeymap);
  return [
    editorBinding(shared.workspace, options.host, release),
    shared.client.plugin(clientUri(options.path), options.languageId),
    referencesField,
    lintGutter(),
    Prec.high(keymap.of(keys)),
  ];
}

/*
 * <atelier-editor lsp-url="/lsp/{workspaceId}" lsp-language="python">: editors whose page sets
 * these attributes (the workbench does for files the workspace's stack has a server for) get the
 * language features above.
 */
registerEditorExtension((context) => {
  const url = context.element.getAttribute('lsp-url');
  if (!url || !context.path || context.element.hasAttribute('standalone')) return [];
  return languageServer({
    url,
    path: context.path,
    languageId: context.element.getAttribute('lsp-language') ?? '',
    host: context.element,
    readOnly: context.readOnly,
  });
});
