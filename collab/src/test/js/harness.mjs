// Line protocol around the real yjs, used by the collab module's differential tests.
//
// One JSON object per line on stdin, one JSON reply per line on stdout:
//   request  {"cmd": "...", ...}
//   reply    {"ok": true, "result": ...}  or  {"ok": false, "error": "message"}
// Binary values (updates, state vectors) travel as base64 strings.
// Operations use the shared op format described in ops.mjs.
import * as Y from 'yjs'
import * as readline from 'node:readline'
import { applyOp, toPlain } from './ops.mjs'

const docs = new Map()

const b64 = (bytes) => Buffer.from(bytes).toString('base64')
const bin = (s) => new Uint8Array(Buffer.from(s, 'base64'))

function doc (name) {
  const d = docs.get(name)
  if (d === undefined) throw new Error(`no doc named ${name}`)
  return d.doc
}

// Runs ops each in its own transaction (or all in one when txn is true) and returns the updates
// that the local transactions emitted, in order.
function runOps (entry, ops, oneTxn) {
  const updates = []
  entry.sink = updates
  try {
    if (oneTxn) {
      entry.doc.transact(() => ops.forEach((op) => applyOp(entry.doc, op)), 'local')
    } else {
      for (const op of ops) entry.doc.transact(() => applyOp(entry.doc, op), 'local')
    }
  } finally {
    entry.sink = null
  }
  return updates.map(b64)
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
      if (entry.sink !== null && origin === 'local') entry.sink.push(update)
    })
    docs.set(name, entry)
    return d.clientID
  },
  destroy ({ doc: name }) {
    doc(name).destroy()
    docs.delete(name)
    return true
  },
  apply ({ doc: name, update }) {
    Y.applyUpdate(doc(name), bin(update), 'remote')
    return true
  },
  ops ({ doc: name, ops, txn }) {
    doc(name)
    return runOps(docs.get(name), ops, txn === true)
  },
  // A mixed sequence of remote applies and local ops, for the convergence fuzz (one round trip).
  batch ({ doc: name, steps }) {
    const entry = docs.get(name)
    if (entry === undefined) throw new Error(`no doc named ${name}`)
    const updates = []
    for (const step of steps) {
      if (step.apply !== undefined) Y.applyUpdate(entry.doc, bin(step.apply), 'remote')
      else updates.push(...runOps(entry, [step.op], false))
    }
    return updates
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
