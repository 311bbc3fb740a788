/*
 * Syntax support by syntax id. Which file gets which syntax is decided by the server from the
 * languages its extensions contribute (the page sets the editor's `syntax` attribute); this module
 * only knows how to load each CodeMirror grammar. Each one is a separate chunk loaded on first use,
 * so a page that opens one Python file does not download the C++ and Markdown grammars.
 */
import type { Extension } from '@codemirror/state';
import { StreamLanguage } from '@codemirror/language';

type Loader = () => Promise<Extension>;

const bySyntax: Record<string, Loader> = {
  java: async () => (await import('@codemirror/lang-java')).java(),
  python: async () => (await import('@codemirror/lang-python')).python(),
  javascript: async () => (await import('@codemirror/lang-javascript')).javascript(),
  jsx: async () => (await import('@codemirror/lang-javascript')).javascript({ jsx: true }),
  typescript: async () =>
    (await import('@codemirror/lang-javascript')).javascript({ typescript: true }),
  tsx: async () =>
    (await import('@codemirror/lang-javascript')).javascript({ typescript: true, jsx: true }),
  cpp: async () => (await import('@codemirror/lang-cpp')).cpp(),
  json: async () => (await import('@codemirror/lang-json')).json(),
  yaml: async () => (await import('@codemirror/lang-yaml')).yaml(),
  markdown: async () => (await import('@codemirror/lang-markdown')).markdown(),
  xml: async () => (await import('@codemirror/lang-xml')).xml(),
  html: async () => (await import('@codemirror/lang-html')).html(),
  css: async () => (await import('@codemirror/lang-css')).css(),
  shell: async () =>
    StreamLanguage.define((await import('@codemirror/legacy-modes/mode/shell')).shell),
};

/** Whether the editor knows the syntax id. */
export function knowsSyntax(syntax: string | null): boolean {
  return syntax !== null && Object.prototype.hasOwnProperty.call(bySyntax, syntax);
}

/** The extension for a syntax id; plain text ([]) when unknown or when its chunk fails to load. */
export async function loadSyntax(syntax: string | null): Promise<Extension> {
  if (syntax === null || !knowsSyntax(syntax)) {
    if (syntax) {
      console.warn(`Unknown editor syntax '${syntax}'; showing plain text`);
    }
    return [];
  }
  try {
    return await bySyntax[syntax]();
  } catch (e) {
    console.error(`Could not load the syntax support '${syntax}'; showing plain text`, e);
    return [];
  }
}
