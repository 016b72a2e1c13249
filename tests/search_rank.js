// Material's own search worker, run in Node on a search index: the pages it
// lists for each query, best first (tests/search_ranking.py drives it).
// Reads {worker, index, queries} as JSON on stdin; prints {query: [page, ...]}.
"use strict"
const fs = require("fs")
const vm = require("vm")

const input = JSON.parse(fs.readFileSync(0, "utf-8"))
let handle = null
const replies = []
const context = {
  addEventListener: (type, listener) => { if (type === "message") handle = listener },
  postMessage: message => replies.push(message),
  importScripts: () => { throw new Error("the index asks for a language other than English") },
  console,
}
context.self = context
vm.createContext(context)
vm.runInContext(fs.readFileSync(input.worker, "utf-8"), context)

async function send(message) {
  replies.length = 0
  await handle({ data: message })
  while (!replies.length) await new Promise(resolve => setImmediate(resolve))
  return replies.pop()
}

async function main() {
  // Message types of Material's worker: 0 setup, 1 ready, 2 query, 3 result.
  const ready = await send({ type: 0, data: { ...input.index, options: { suggest: false } } })
  if (ready.type !== 1) throw new Error(`the worker did not get ready: ${JSON.stringify(ready)}`)
  const ranked = {}
  for (const query of input.queries) {
    const result = await send({ type: 2, data: query })
    if (result.type !== 3) throw new Error(`no result for ${query}: ${JSON.stringify(result)}`)
    ranked[query] = result.data.items.map(group => group[0].location.split("#")[0])
  }
  process.stdout.write(JSON.stringify(ranked))
}
main().catch(error => { console.error(error); process.exit(1) })
