// The shared op format of the differential tests (the Java side has the same applier, OpApplier).
//
// An op addresses a shared type by `root` (the root type's name) and `path` (steps into nested
// types: a string step is a map key, a number step an array index). The root's kind follows from
// the first step, or from the op's own kind when the path is empty.
//   {t:"text.insert", root, path, index|at, text, attrs?}
//   {t:"text.delete", root, path, index|at, len}
//   {t:"text.format", root, path, index|at, len, attrs}
//   {t:"map.set",     root, path, key, value}
//   {t:"map.delete",  root, path, key}
//   {t:"array.insert",root, path, index|at, values}
//   {t:"array.delete",root, path, index|at, len}
// `at` is a fraction in [0,1) that picks the index from the target's current length, so one random
// op means the same thing on every peer kind: insert index = floor(at*(n+1)); delete/format index =
// floor(at*n) with len clamped to what is left, and a no-op on an empty target.
// For text, an `at` index (and a range end) that would fall between the two halves of a surrogate
// pair moves one unit right: yjs replaces both halves of a split pair with U+FFFD, and peers that
// split at different moments then disagree (yjs itself does not converge there), so the fuzz
// keeps astral characters but never splits them. Explicit `index` ops are left as given.
// Values: JSON as is; {"$y":"text"|"map"|"array"} makes a new nested type; {"$bin":base64} bytes.
import * as Y from 'yjs'

export function toYValue (v) {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    if (v.$y === 'text') return new Y.Text()
    if (v.$y === 'map') return new Y.Map()
    if (v.$y === 'array') return new Y.Array()
    if (v.$bin !== undefined) return new Uint8Array(Buffer.from(v.$bin, 'base64'))
  }
  return v
}

// JSON-safe copy of a value read from yjs (bytes become {"$bin": base64}).
export function toPlain (v) {
  if (v instanceof Uint8Array) return { $bin: Buffer.from(v).toString('base64') }
  if (Array.isArray(v)) return v.map(toPlain)
  if (v !== null && typeof v === 'object') {
    const out = {}
    for (const [k, x] of Object.entries(v)) out[k] = toPlain(x)
    return out
  }
  return v
}

function kindOf (t) {
  return t.slice(0, t.indexOf('.'))
}

function resolve (doc, op) {
  const path = op.path || []
  const want = kindOf(op.t)
  const rootKind = path.length === 0 ? want : (typeof path[0] === 'number' ? 'array' : 'map')
  let cur = rootKind === 'text' ? doc.getText(op.root) : rootKind === 'map' ? doc.getMap(op.root) : doc.getArray(op.root)
  for (const step of path) {
    cur = typeof step === 'number' ? cur.get(step) : cur.get(step)
    if (cur === undefined || cur === null) throw new Error(`path ${JSON.stringify(path)} does not resolve`)
  }
  return cur
}

function insideSurrogatePair (str, i) {
  if (str === null || i <= 0 || i >= str.length) return false
  const c = str.charCodeAt(i - 1)
  return c >= 0xd800 && c <= 0xdbff
}

// str: the target's text for text ops (null for arrays).
function insertIndex (op, n, str) {
  if (op.index !== undefined) return op.index
  const i = Math.min(n, Math.floor(op.at * (n + 1)))
  return insideSurrogatePair(str, i) ? i + 1 : i
}

// Returns [index, len] or null when the op has nothing to act on.
function rangeOf (op, n, str) {
  if (op.index !== undefined) return [op.index, op.len]
  if (n === 0) return null
  let index = Math.min(n - 1, Math.floor(op.at * n))
  if (insideSurrogatePair(str, index)) index++
  if (index >= n) return null
  let end = Math.min(n, index + op.len)
  if (insideSurrogatePair(str, end)) end++
  return [index, end - index]
}

function textOf (op, text) {
  return op.index !== undefined ? null : text.toString()
}

export function applyOp (doc, op) {
  const target = resolve(doc, op)
  switch (op.t) {
    case 'text.insert':
      if (op.attrs !== undefined) target.insert(insertIndex(op, target.length, textOf(op, target)), op.text, op.attrs)
      else target.insert(insertIndex(op, target.length, textOf(op, target)), op.text)
      break
    case 'text.delete': {
      const r = rangeOf(op, target.length, textOf(op, target))
      if (r !== null) target.delete(r[0], r[1])
      break
    }
    case 'text.format': {
      const r = rangeOf(op, target.length, textOf(op, target))
      if (r !== null) target.format(r[0], r[1], op.attrs)
      break
    }
    case 'map.set':
      target.set(op.key, toYValue(op.value))
      break
    case 'map.delete':
      target.delete(op.key)
      break
    case 'array.insert':
      target.insert(insertIndex(op, target.length, null), op.values.map(toYValue))
      break
    case 'array.delete': {
      const r = rangeOf(op, target.length, null)
      if (r !== null) target.delete(r[0], r[1])
      break
    }
    default:
      throw new Error(`unknown op ${op.t}`)
  }
}
