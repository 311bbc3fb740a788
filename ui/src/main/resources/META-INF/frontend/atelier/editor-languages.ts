/*
 * Syntax support per file name. Each language is a separate chunk loaded on first use, so a page
 * that opens one Python file does not download the C++ and Markdown grammars.
 */
import type { Extension } from '@codemirror/state';
import { StreamLanguage } from '@codemirror/language';

type Loader = () => Promise<Extension>;

const shell: Loader = async () =>
  StreamLanguage.define((await import('@codemirror/legacy-modes/mode/shell')).shell);

const byExtension: Record<string, Loader> = {
  java: async () => (await import('@codemirror/lang-java')).java(),
  py: async () => (await import('@codemirror/lang-python')).python(),
  pyi: async () => (await import('@codemirror/lang-python')).python(),
  js: async () => (await import('@codemirror/lang-javascript')).javascript(),
  mjs: async () => (await import('@codemirror/lang-javascript')).javascript(),
  cjs: async () => (await import('@codemirror/lang-javascript')).javascript(),
  jsx: async () => (await import('@codemirror/lang-javascript')).javascript({ jsx: true }),
  ts: async () => (await import('@codemirror/lang-javascript')).javascript({ typescript: true }),
  mts: async () => (await import('@codemirror/lang-javascript')).javascript({ typescript: true }),
  tsx: async () =>
    (await import('@codemirror/lang-javascript')).javascript({ typescript: true, jsx: true }),
  c: async () => (await import('@codemirror/lang-cpp')).cpp(),
  h: async () => (await import('@codemirror/lang-cpp')).cpp(),
  cc: async () => (await import('@codemirror/lang-cpp')).cpp(),
  cpp: async () => (await import('@codemirror/lang-cpp')).cpp(),
  cxx: async () => (await import('@codemirror/lang-cpp')).cpp(),
  hh: async () => (await import('@codemirror/lang-cpp')).cpp(),
  hpp: async () => (await import('@codemirror/lang-cpp')).cpp(),
  json: async () => (await import('@codemirror/lang-json')).json(),
  yaml: async () => (await import('@codemirror/lang-yaml')).yaml(),
  yml: async () => (await import('@codemirror/lang-yaml')).yaml(),
  md: async () => (await import('@codemirror/lang-markdown')).markdown(),
  markdown: async () => (await import('@codemirror/lang-markdown')).markdown(),
  xml: async () => (await import('@codemirror/lang-xml')).xml(),
  xsd: async () => (await import('@codemirror/lang-xml')).xml(),
  svg: async () => (await import('@codemirror/lang-xml')).xml(),
  html: async () => (await import('@codemirror/lang-html')).html(),
  htm: async () => (await import('@codemirror/lang-html')).html(),
  css: async () => (await import('@codemirror/lang-css')).css(),
  sh: shell,
  bash: shell,
  zsh: shell,
};

const byName: Record<string, Loader> = {
  'pom.xml': byExtension.xml,
  '.bashrc': shell,
  '.profile': shell,
  '.bash_profile': shell,
  '.zshrc': shell,
};

/** The language key for a path ('py', 'sh', ...), or null when the editor shows plain text. */
export function languageKey(path: string): string | null {
  const name = path.substring(path.lastIndexOf('/') + 1);
  if (byName[name]) {
    return name;
  }
  const dot = name.lastIndexOf('.');
  const ext = dot < 0 ? '' : name.substring(dot + 1).toLowerCase();
  return byExtension[ext] ? ext : null;
}

/** The syntax extension for a path; plain text ([]) when unknown or when a chunk fails to load. */
export async function loadLanguage(path: string): Promise<Extension> {
  const key = languageKey(path);
  if (key === null) {
    return [];
  }
  const loader = byName[key] ?? byExtension[key];
  try {
    return await loader();
  } catch (e) {
    console.error(`Could not load the syntax support for ${path}; showing plain text`, e);
    return [];
  }
}
