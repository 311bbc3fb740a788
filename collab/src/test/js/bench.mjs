// yjs side of the collab benchmark (run by dev.atelier.collab.bench.YjsComparisonBenchmark).
//   node --expose-gc bench.mjs <trace.json.gz> <runs> <clientId>
// Prints one JSON line: per-run timings, the encoded size and the retained heap.
import * as Y from 'yjs'
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'

const [tracePath, runsArg, clientArg] = process.argv.slice(2)
const runs = Number(runsArg ?? 5)
// A fixed client id makes the encoding comparable byte for byte with the Java side.
const clientId = Number(clientArg ?? 0x12345678)
const trace = JSON.parse(gunzipSync(readFileSync(tracePath)).toString('utf8'))
if (typeof global.gc !== 'function') throw new Error('run node with --expose-gc')

function replay () {
  const doc = new Y.Doc()
  doc.clientID = clientId
  const text = doc.getText('text')
  for (const txn of trace.txns) {
    // One transaction per patch, as an editor binding would issue them.
    for (const [pos, del, ins] of txn.patches) {
      doc.transact(() => {
        if (del > 0) text.delete(pos, del)
        if (ins !== undefined && ins.length > 0) text.insert(pos, ins)
      })
    }
  }
  return doc
}

function fullGc () {
  for (let i = 0; i < 6; i++) global.gc()
}

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6
const applyMs = []
const encodeMs = []
const loadMs = []
let encoded = null
// Run 0 is the warm-up and is not reported.
for (let run = 0; run <= runs; run++) {
  let t0 = process.hrtime.bigint()
  const doc = replay()
  const a = ms(t0)
  if (doc.getText('text').toString() !== trace.endContent) throw new Error('yjs replay diverged')
  t0 = process.hrtime.bigint()
  encoded = Y.encodeStateAsUpdate(doc)
  const e = ms(t0)
  t0 = process.hrtime.bigint()
  const fresh = new Y.Doc()
  Y.applyUpdate(fresh, encoded)
  const l = ms(t0)
  if (fresh.getText('text').toString() !== trace.endContent) throw new Error('yjs load diverged')
  process.stderr.write(`yjs ${run === 0 ? 'warm-up' : 'run ' + run}: apply ${a.toFixed(0)} ms, encode ${e.toFixed(1)} ms, load ${l.toFixed(1)} ms\n`)
  if (run > 0) {
    applyMs.push(a)
    encodeMs.push(e)
    loadMs.push(l)
  }
  doc.destroy()
  fresh.destroy()
}

// Retained heap: the difference in used heap, after full GCs, with and without one doc held.
fullGc()
const base = process.memoryUsage().heapUsed
let held = replay()
fullGc()
const editedHeap = process.memoryUsage().heapUsed - base
held.destroy()
held = null
fullGc()
const base2 = process.memoryUsage().heapUsed
held = new Y.Doc()
Y.applyUpdate(held, encoded)
fullGc()
const loadedHeap = process.memoryUsage().heapUsed - base2
if (held.getText('text').length !== trace.endContent.length) throw new Error('unreachable')

process.stdout.write(JSON.stringify({
  yjs: JSON.parse(readFileSync(new URL('./node_modules/yjs/package.json', import.meta.url))).version,
  node: process.versions.node,
  applyMs,
  encodeMs,
  loadMs,
  encodedBytes: encoded.length,
  encodedBase64: Buffer.from(encoded).toString('base64'),
  editedHeapBytes: editedHeap,
  loadedHeapBytes: loadedHeap
}) + '\n')
