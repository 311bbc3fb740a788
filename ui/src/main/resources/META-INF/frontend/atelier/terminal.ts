// <atelier-terminal src="terminal/{workspaceId}/{terminalId}">: xterm.js bound to a terminal socket.
// Binary frames carry raw PTY bytes both ways; the server replays the scrollback on every connect,
// so a reconnect starts from a clean screen. Events: `terminal-exited` (detail.exitCode) and
// `connection-changed` (detail.state: connecting | open | lost | closed).
import { createTerminal, installClipboardKeys, socketUrl, backoff, FINAL_CLOSE_CODES } from './xterm-support';
import type { Terminal } from '@xterm/xterm';

class AtelierTerminal extends HTMLElement {
  static get observedAttributes() {
    return ['src'];
  }

  private term?: Terminal;
  private dispose?: () => void;
  private socket?: WebSocket;
  private attempts = 0;
  private retry?: number;
  private finished = false;
  private readonly encoder = new TextEncoder();

  connectedCallback() {
    this.style.display = this.style.display || 'block';
    if (!this.term) {
      const created = createTerminal(this, { readOnly: false });
      this.term = created.term;
      this.dispose = created.dispose;
      installClipboardKeys(this.term);
      this.term.onData((data) => this.send(this.encoder.encode(data)));
      this.term.onBinary((data) => {
        const bytes = new Uint8Array(data.length);
        for (let i = 0; i < data.length; i++) bytes[i] = data.charCodeAt(i) & 0xff;
        this.send(bytes);
      });
      this.term.onResize(({ cols, rows }) => this.sendResize(cols, rows));
    }
    this.connect();
  }

  disconnectedCallback() {
    // Vaadin detaches and re-attaches elements when layouts change; only a real removal disposes.
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
      this.finished = false;
      this.attempts = 0;
      this.socket?.close(1000, 'source changed');
      this.connect();
    }
  }

  /** Focuses the terminal so that typing goes to the shell. */
  override focus() {
    this.term?.focus();
  }

  private connect() {
    const src = this.getAttribute('src');
    if (!src || this.finished || !this.term) return;
    window.clearTimeout(this.retry);
    this.state('connecting');
    const socket = new WebSocket(socketUrl(src));
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.attempts = 0;
      this.term!.reset();
      this.sendResize(this.term!.cols, this.term!.rows);
      this.state('open');
    };
    socket.onmessage = (event) => {
      if (this.socket !== socket || !this.term) return;
      if (typeof event.data === 'string') {
        this.control(JSON.parse(event.data) as { type: string; exitCode?: number; message?: string });
      } else {
        this.term.write(new Uint8Array(event.data as ArrayBuffer));
      }
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (this.finished || FINAL_CLOSE_CODES.has(event.code)) {
        if (!this.finished && event.code !== 4000) {
          this.term?.write(`\r\n\x1b[2m[${event.reason || 'connection closed'}]\x1b[0m\r\n`);
        }
        this.state('closed');
        return;
      }
      this.state('lost');
      this.term?.write('\r\n\x1b[2m[connection lost, reconnecting…]\x1b[0m');
      this.retry = window.setTimeout(() => this.connect(), backoff(this.attempts++));
    };
  }

  private control(message: { type: string; exitCode?: number; message?: string }) {
    if (message.type === 'exit') {
      this.finished = true;
      this.term?.write(`\r\n\x1b[2m[process exited with code ${message.exitCode}]\x1b[0m\r\n`);
      this.dispatchEvent(new CustomEvent('terminal-exited', { detail: { exitCode: message.exitCode } }));
    } else if (message.type === 'error') {
      this.term?.write(`\r\n\x1b[33m[${message.message}]\x1b[0m\r\n`);
    }
  }

  private send(bytes: Uint8Array) {
    if (this.socket?.readyState === WebSocket.OPEN) {
      this.socket.send(bytes);
    }
  }

  private sendResize(cols: number, rows: number) {
    if (this.socket?.readyState === WebSocket.OPEN && cols > 0 && rows > 0) {
      this.socket.send(JSON.stringify({ type: 'resize', cols, rows }));
    }
  }

  private state(state: string) {
    this.setAttribute('connection', state);
    this.dispatchEvent(new CustomEvent('connection-changed', { detail: { state } }));
  }
}

customElements.define('atelier-terminal', AtelierTerminal);
