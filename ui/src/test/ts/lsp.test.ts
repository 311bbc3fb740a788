// @vitest-environment happy-dom
import { Text } from '@codemirror/state';
import { describe, expect, it, vi } from 'vitest';

// The editor element is glue; the client's mapping logic is tested without it.
vi.mock('../../main/resources/META-INF/frontend/atelier/editor', () => ({
  registerEditorExtension: () => undefined,
}));

const { clientUri, editsByUri, narrowChange, pathOfUri, positionOffset, sanitizeHtml } = await import(
  '../../main/resources/META-INF/frontend/atelier/lsp'
);

describe('workspace URIs', () => {
  it('encodes each segment and drops empty ones', () => {
    expect(clientUri('src/a b.py')).toBe('atelier:/src/a%20b.py');
    expect(clientUri('/src//x#1.py')).toBe('atelier:/src/x%231.py');
  });

  it('maps an atelier URI back to its path and refuses other schemes', () => {
    for (const path of ['src/a b.py', 'ü/x%y.c', 'top.txt']) {
      expect(pathOfUri(clientUri(path))).toBe(path);
    }
    expect(pathOfUri('file:///usr/include/stdio.h')).toBeNull();
    expect(pathOfUri('atelier:relative.py')).toBeNull();
  });
});

describe('positionOffset', () => {
  const doc = Text.of(['def f():', '    return 1', '']);

  it('maps line and character to the offset', () => {
    expect(positionOffset(doc, { line: 0, character: 0 })).toBe(0);
    expect(positionOffset(doc, { line: 0, character: 4 })).toBe(4);
    expect(positionOffset(doc, { line: 1, character: 4 })).toBe(9 + 4);
  });

  it('clamps a character past the line end to the line end', () => {
    expect(positionOffset(doc, { line: 0, character: 99 })).toBe(8);
  });

  it('clamps a line past the end to the document end', () => {
    expect(positionOffset(doc, { line: 3, character: 0 })).toBe(doc.length);
    expect(positionOffset(doc, { line: 2, character: 5 })).toBe(doc.length);
  });
});

describe('narrowChange', () => {
  it('replaces only the part of a whole-file replacement that differs', () => {
    const doc = Text.of(['import os', 'x = foo(1)', 'print(x)']);
    const change = narrowChange(doc, 0, doc.length, 'import os\nx = bar(1)\nprint(x)');
    expect(change).toEqual({ from: 14, to: 17, insert: 'bar' });
  });

  it('keeps the offsets of a range that starts inside the document', () => {
    const doc = Text.of(['aaa foo bbb']);
    expect(narrowChange(doc, 4, 7, 'food')).toEqual({ from: 7, to: 7, insert: 'd' });
  });

  it('gives an empty change for identical text and never overlaps prefix and suffix', () => {
    const doc = Text.of(['abab']);
    expect(narrowChange(doc, 0, 4, 'abab')).toEqual({ from: 4, to: 4, insert: '' });
    // "aa" -> "aaa": the common prefix takes both old characters; the suffix may not reuse them.
    const twice = Text.of(['aa']);
    expect(narrowChange(twice, 0, 2, 'aaa')).toEqual({ from: 2, to: 2, insert: 'a' });
  });

  it('applied to the document gives the replacement text', () => {
    const doc = Text.of(['one two three']);
    const next = 'one 2 three!';
    const { from, to, insert } = narrowChange(doc, 0, doc.length, next);
    expect(doc.replace(from, to, Text.of([insert])).toString()).toBe(next);
  });
});

describe('editsByUri', () => {
  const edit = (line: number, newText: string) => ({
    range: { start: { line, character: 0 }, end: { line, character: 3 } },
    newText,
  });

  it('reads both the changes and the documentChanges forms and joins them per URI', () => {
    const result = editsByUri({
      changes: { 'atelier:/a.py': [edit(0, 'bar')] },
      documentChanges: [
        { textDocument: { uri: 'atelier:/a.py', version: 3 }, edits: [edit(4, 'bar')] },
        { textDocument: { uri: 'atelier:/b.py', version: 1 }, edits: [edit(1, 'bar')] },
        { kind: 'rename', oldUri: 'atelier:/c.py', newUri: 'atelier:/d.py' },
      ],
    });
    expect([...result.keys()]).toEqual(['atelier:/a.py', 'atelier:/b.py']);
    expect(result.get('atelier:/a.py')).toEqual([edit(0, 'bar'), edit(4, 'bar')]);
  });

  it('gives nothing for an empty or missing edit', () => {
    expect(editsByUri(null).size).toBe(0);
    expect(editsByUri({}).size).toBe(0);
  });
});

describe('sanitizeHtml', () => {
  it('keeps inert markup and safe links', () => {
    const html = sanitizeHtml('<p class="doc">Use <code>x</code> <a href="https://example.org/">docs</a></p>');
    expect(html).toBe(
      '<p class="doc">Use <code>x</code> <a href="https://example.org/" target="_blank" rel="noopener noreferrer">docs</a></p>',
    );
  });

  it('turns scripts, handlers and script links into text', () => {
    const html = sanitizeHtml(
      '<img src=x onerror="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)" onclick="x()">go</a>',
    );
    expect(html).not.toMatch(/<img|<script|onerror|onclick|javascript:/);
    expect(html).toContain('alert(2)');
    expect(html).toContain('>go</a>');
  });
});
