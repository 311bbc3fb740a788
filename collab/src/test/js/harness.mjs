// Line protocol around the real yjs, used by the collab module's differential tests.
//
// One JSON object per line on stdin, one JSON reply per line on stdout:
//   request  {"cmd": "...", ...}
//   reply    {"ok": true, "result": ...}  or  {"ok": false, "error": "message"}
// Binary values (updates, state vectors) travel as base64 strings.
// Operations use the shared op format described in ops.mjs.
import * as Y from 'yjs'
import * as readline from 'node:readline'
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import { applyOp, toPlain } from './ops.mjs'

const docs = new Map()
const awarenesses = new Map()

const b64 = (bytes) => Buffer.from(bytes).toString('base64')
const bin = (s) => new Uint8Array(Buffer.from(s, 'base64'))

function doc (name) {
  const d = docs.get(name)
  if (d === undefined) throw new Error(`no doc named ${name}`)
  return d.doc
}

// Runs fn while collecting every update the doc emits that did not come from a remote apply:
// local ops, and also the formatting cleanup yjs runs in its own transaction after a remote
// change touched formatted text (peers must forward those too, or formatting diverges).
function collect (entry, fn) {
  const updates = []
  entry.sink = updates
  try {
    fn()
  } finally {
    entry.sink = null
  }
  return updates.map(b64)
}

function runOps (entry, ops, oneTxn) {
  if (oneTxn) {
    entry.doc.transact(() => ops.forEach((op) => applyOp(entry.doc, op)), 'local')
  } else {
    for (const op of ops) entry.doc.transact(() => applyOp(entry.doc, op), 'local')
  }
}

function entryOf (name) {
  const entry = docs.get(name)
  if (entry === undefined) throw new Error(`no doc named ${name}`)
  return entry
}

function read (d, kind, root) {
  if (kind === 'text') {
    const t = d.getText(root)
    return { text: t.toString(), delta: toPlain(t.toDelta()), length: t.length }
  }
  const type = kind === 'map' ? d.getMap(root) : d.getArray(root)
  return { json: toPlain(type.toJSON()) }
}

const handlers = {
  new ({ doc: name, clientId, gc }) {
    const d = new Y.Doc({ gc: gc !== false })
    if (clientId !== undefined) d.clientID = clientId
    const entry = { doc: d, sink: null }
    d.on('update', (update, origin) => {
      if (entry.sink !== null && origin !== 'remote') entry.sink.push(update)
    })
    docs.set(name, entry)
    return d.clientID
  },
  destroy ({ doc: name }) {
    doc(name).destroy()
    docs.delete(name)
    return true
  },
  // Returns the updates the doc emitted in reaction (formatting cleanup), usually none.
  apply ({ doc: name, update }) {
    const entry = entryOf(name)
    return collect(entry, () => Y.applyUpdate(entry.doc, bin(update), 'remote'))
  },
  ops ({ doc: name, ops, txn }) {
    const entry = entryOf(name)
    return collect(entry, () => runOps(entry, ops, txn === true))
  },
  // A mixed sequence of remote applies ({apply}), single-op transactions ({op}) and multi-op
  // transactions ({ops}) in one round trip (the fuzz and the concurrent trace replay use it).
  batch ({ doc: name, steps }) {
    const entry = entryOf(name)
    return collect(entry, () => {
      for (const step of steps) {
        if (step.apply !== undefined) Y.applyUpdate(entry.doc, bin(step.apply), 'remote')
        else if (step.ops !== undefined) runOps(entry, step.ops, true)
        else runOps(entry, [step.op], false)
      }
    })
  },
  encodeState ({ doc: name, sv }) {
    return b64(Y.encodeStateAsUpdate(doc(name), sv === undefined ? undefined : bin(sv)))
  },
  stateVector ({ doc: name }) {
    return b64(Y.encodeStateVector(doc(name)))
  },
  read ({ doc: name, kind, root }) {
    return read(doc(name), kind, root)
  },
  pending ({ doc: name }) {
    const store = doc(name).store
    return { structs: store.pendingStructs !== null, deleteSet: store.pendingDs !== null }
  },
  merge ({ updates }) {
    return b64(Y.mergeUpdates(updates.map(bin)))
  },
  diff ({ update, sv }) {
    return b64(Y.diffUpdate(bin(update), bin(sv)))
  },
  svFromUpdate ({ update }) {
    return b64(Y.encodeStateVectorFromUpdate(bin(update)))
  },
  // y-protocols sync: feed one sync message (without frame envelope) to a doc; returns the reply
  // message y-protocols would send (base64) or null.
  syncMessage ({ doc: name, message }) {
    const encoder = encoding.createEncoder()
    syncProtocol.readSyncMessage(decoding.createDecoder(bin(message)), encoder, doc(name), 'remote')
    return encoding.length(encoder) > 0 ? b64(encoding.toUint8Array(encoder)) : null
  },
  syncStep1 ({ doc: name }) {
    const encoder = encoding.createEncoder()
    syncProtocol.writeSyncStep1(encoder, doc(name))
    return b64(encoding.toUint8Array(encoder))
  },
  // y-protocols awareness, bound to a fresh Y.Doc with the given client id.
  awarenessNew ({ name, clientId }) {
    const d = new Y.Doc()
    d.clientID = clientId
    const a = new awarenessProtocol.Awareness(d)
    // Keep the process free of timers; the Java side drives time explicitly where it matters.
    clearInterval(a._checkInterval)
    const entry = { awareness: a, events: [] }
    a.on('update', (e, origin) => entry.events.push({ ...e, origin: typeof origin === 'string' ? origin : null }))
    awarenesses.set(name, entry)
    return true
  },
  awarenessSet ({ name, state }) {
    awarenesses.get(name).awareness.setLocalState(state)
    return true
  },
  awarenessEncode ({ name, clients }) {
    const a = awarenesses.get(name).awareness
    return b64(awarenessProtocol.encodeAwarenessUpdate(a, clients ?? Array.from(a.getStates().keys())))
  },
  awarenessApply ({ name, update }) {
    awarenessProtocol.applyAwarenessUpdate(awarenesses.get(name).awareness, bin(update), 'remote')
    return true
  },
  awarenessStates ({ name }) {
    const a = awarenesses.get(name).awareness
    const states = {}
    a.getStates().forEach((v, k) => { states[k] = v })
    const clocks = {}
    a.meta.forEach((v, k) => { clocks[k] = v.clock })
    return { states, clocks }
  },
  awarenessEvents ({ name }) {
    const entry = awarenesses.get(name)
    const events = entry.events
    entry.events = []
    return events
  },
  // Replays a sequential editing trace (README in editing-traces) as local edits, one transaction
  // per patch; returns the final text.
  replayTrace ({ doc: name, path }) {
    const entry = entryOf(name)
    const trace = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8'))
    const text = entry.doc.getText('text')
    for (const txn of trace.txns) {
      for (const [pos, del, ins] of txn.patches) {
        entry.doc.transact(() => {
          if (del > 0) text.delete(pos, del)
          if (ins !== undefined && ins.length > 0) text.insert(pos, ins)
        }, 'local')
      }
    }
    return text.toString() === trace.endContent
  },
  version () {
    return process.versions.node
  }
}

const rl = readline.createInterface({ input: process.stdin, terminal: false, crlfDelay: Infinity })
rl.on('line', (line) => {
  let reply
  try {
    const req = JSON.parse(line)
    const handler = handlers[req.cmd]
    if (handler === undefined) throw new Error(`unknown cmd ${req.cmd}`)
    reply = { ok: true, result: handler(req) }
  } catch (e) {
    reply = { ok: false, error: String(e && e.stack ? e.stack : e) }
  }
  process.stdout.write(JSON.stringify(reply) + '\n')
})
rl.on('close', () => process.exit(0))
