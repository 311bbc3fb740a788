// Shared by <atelier-terminal> and <atelier-log>: xterm.js set-up, socket URLs and reconnect timing.
import { Terminal, type ITheme } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';

/** Close codes after which reconnecting cannot help (see docs/api.md). */
export const FINAL_CLOSE_CODES = new Set([1008, 4000, 4403, 4404]);

export const DARK_THEME: ITheme = {
  background: '#1e1e1e',
  foreground: '#d4d4d4',
  cursor: '#aeafad',
  selectionBackground: '#264f78',
  black: '#000000',
  red: '#cd3131',
  green: '#0dbc79',
  yellow: '#e5e510',
  blue: '#2472c8',
  magenta: '#bc3fbc',
  cyan: '#11a8cd',
  white: '#e5e5e5',
  brightBlack: '#666666',
  brightRed: '#f14c4c',
  brightGreen: '#23d18b',
  brightYellow: '#f5f543',
  brightBlue: '#3b8eea',
  brightMagenta: '#d670d6',
  brightCyan: '#29b8db',
  brightWhite: '#e5e5e5',
};

/**
 * The WebSocket URL of a server path such as `terminal/ws/id`. Resolved against the document's base
 * (Vaadin sets it to the application root), so a context path or a proxy prefix is kept.
 */
export function socketUrl(path: string): string {
  const url = new URL(path.replace(/^\/+/, ''), document.baseURI);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** 0.5 s, 1 s, 2 s … capped at 10 s. */
export function backoff(attempt: number): number {
  return Math.min(10_000, 500 * 2 ** Math.min(attempt, 5));
}

/** An xterm.js terminal in `host` that follows the host's size. */
export function createTerminal(host: HTMLElement, options: { readOnly: boolean }) {
  const term = new Terminal({
    allowProposedApi: false,
    convertEol: options.readOnly,
    cursorBlink: !options.readOnly,
    disableStdin: options.readOnly,
    fontFamily: 'Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace',
    fontSize: 13,
    scrollback: 5000,
    theme: DARK_THEME,
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(host);
  const refit = () => {
    // A hidden tab has no size; fitting it would shrink the terminal to nothing.
    if (host.offsetWidth > 0 && host.offsetHeight > 0) {
      try {
        fit.fit();
      } catch {
        // not rendered yet; the next resize fits
      }
    }
  };
  const observer = new ResizeObserver(() => refit());
  observer.observe(host);
  requestAnimationFrame(refit);
  return { term, refit, dispose: () => { observer.disconnect(); term.dispose(); } };
}

/**
 * Ctrl+Shift+C copies the selection, Ctrl+Shift+V pastes (through the browser's paste event), and
 * every other Ctrl+Shift combination is left to the page (command palette, new terminal…).
 */
export function installClipboardKeys(term: Terminal) {
  term.attachCustomKeyEventHandler((event) => {
    if (!(event.ctrlKey && event.shiftKey)) {
      return true;
    }
    if (event.type === 'keydown' && event.code === 'KeyC' && term.hasSelection()) {
      navigator.clipboard?.writeText(term.getSelection()).catch(() => undefined);
      event.preventDefault();
    }
    return false;
  });
}
