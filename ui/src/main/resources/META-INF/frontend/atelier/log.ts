// <atelier-log src="tasks/{workspaceId}">: the build log. A read-only xterm.js that renders the task
// runs streamed by the server (JSON frames: started, output with ANSI colours, exited) with a
// header per run and a footer with the exit code and duration. The server replays the kept runs on
// every connect, so a reconnect starts from a clean screen.
import { createTerminal, installClipboardKeys, socketUrl, backoff, FINAL_CLOSE_CODES } from './xterm-support';
import type { Terminal } from '@xterm/xterm';

interface Frame {
  type: 'started' | 'output' | 'exited';
  runId: string;
  task?: string;
  at?: string;
  data?: string;
  exitCode?: number;
  durationMs?: number;
  stopped?: boolean;
}

function duration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

class AtelierLog extends HTMLElement {
  static get observedAttributes() {
    return ['src'];
  }

  private term?: Terminal;
  private dispose?: () => void;
  private socket?: WebSocket;
  private attempts = 0;
  private retry?: number;
  private tasks = new Map<string, string>();

  connectedCallback() {
    this.style.display = this.style.display || 'block';
    if (!this.term) {
      const created = createTerminal(this, { readOnly: true });
      this.term = created.term;
      this.dispose = created.dispose;
      installClipboardKeys(this.term);
    }
    this.connect();
  }

  disconnectedCallback() {
    window.clearTimeout(this.retry);
    this.socket?.close(1000, 'element removed');
    this.socket = undefined;
    queueMicrotask(() => {
      if (!this.isConnected) {
        this.dispose?.();
        this.term = undefined;
      }
    });
  }

  attributeChangedCallback(name: string, oldValue: string | null, value: string | null) {
    if (name === 'src' && oldValue !== value && this.isConnected) {
      this.socket?.close(1000, 'source changed');
      this.connect();
    }
  }

  /** Clears the screen (the server keeps the runs; a reload shows them again). */
  clear() {
    this.term?.clear();
  }

  /** The text on screen, for tests and for copying everything. */
  text(): string {
    const buffer = this.term?.buffer.active;
    if (!buffer) return '';
    const lines: string[] = [];
    for (let i = 0; i < buffer.length; i++) {
      lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
    }
    return lines.join('\n').trimEnd();
  }

  private connect() {
    const src = this.getAttribute('src');
    if (!src || !this.term) return;
    window.clearTimeout(this.retry);
    const socket = new WebSocket(socketUrl(src));
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.attempts = 0;
      this.tasks.clear();
      this.term!.reset();
      this.setAttribute('connection', 'open');
    };
    socket.onmessage = (event) => {
      if (this.socket === socket) this.render(JSON.parse(event.data as string) as Frame);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (FINAL_CLOSE_CODES.has(event.code)) {
        this.setAttribute('connection', 'closed');
        return;
      }
      this.setAttribute('connection', 'lost');
      this.retry = window.setTimeout(() => this.connect(), backoff(this.attempts++));
    };
  }

  private render(frame: Frame) {
    const term = this.term;
    if (!term) return;
    if (frame.type === 'started') {
      this.tasks.set(frame.runId, frame.task ?? '');
      const at = frame.at ? new Date(frame.at).toLocaleTimeString() : '';
      term.write(`\x1b[1;36m▶ ${frame.task}\x1b[0m \x1b[2mstarted ${at}\x1b[0m\r\n`);
    } else if (frame.type === 'output') {
      term.write(frame.data ?? '');
    } else if (frame.type === 'exited') {
      const task = this.tasks.get(frame.runId) ?? frame.task ?? '';
      const took = duration(frame.durationMs ?? 0);
      let summary: string;
      if (frame.stopped) {
        summary = `\x1b[1;33m■ ${task} stopped after ${took}\x1b[0m`;
      } else if (frame.exitCode === 0) {
        summary = `\x1b[1;32m✔ ${task} exited with code 0 in ${took}\x1b[0m`;
      } else {
        summary = `\x1b[1;31m✘ ${task} exited with code ${frame.exitCode} in ${took}\x1b[0m`;
      }
      term.write(`\r\n${summary}\r\n\r\n`);
      this.dispatchEvent(new CustomEvent('run-exited', { detail: frame }));
    }
  }
}

customElements.define('atelier-log', AtelierLog);
