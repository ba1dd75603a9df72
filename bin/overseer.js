#!/usr/bin/env -S -u NODE_EXTRA_CA_CERTS OVERSEER_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS} MALLOC_MMAP_THRESHOLD_=131072 node --max-semi-space-size=1
// The `overseer` / `ov` command: runs the bundled CLI (built by `npm run build`).
// A 1 MiB young generation (V8's default grows to 16 MiB per semi-space) keeps the
// long-running cockpit ~13 MiB smaller; the scavenges it adds are cheap (bench: peers).
// A fixed malloc mmap threshold (glibc raises it as large blocks are freed, and then
// keeps what compiling the bundle freed) keeps it ~14 MiB smaller again. It applies to
// this process only: it is taken out of the environment its children get.
// NODE_EXTRA_CA_CERTS is moved aside for node itself: Node 20 reads and parses that
// file before running anything (~40 ms of the cockpit's start with a distribution's
// CA bundle), and this process speaks TLS only to post webhooks, which read it
// themselves (src/runtime/http-post.ts). It is back in the environment children get.
// bin/ holds CommonJS (bin/package.json): starting an ES module would first load
// Node's ES module loader, ~15 ms of the cockpit's start.
const { join } = require('node:path');
const { runBundle } = require('./code-cache.js');

if (process.env.MALLOC_MMAP_THRESHOLD_ === '131072') delete process.env.MALLOC_MMAP_THRESHOLD_;
if (process.env.OVERSEER_EXTRA_CA_CERTS !== undefined) {
  if (process.env.OVERSEER_EXTRA_CA_CERTS)
    process.env.NODE_EXTRA_CA_CERTS = process.env.OVERSEER_EXTRA_CA_CERTS;
  delete process.env.OVERSEER_EXTRA_CA_CERTS;
}

runBundle(
  join(__dirname, '..', 'dist', 'cli.cjs'),
  'overseer: dist/cli.cjs is missing; run `npm run build` in the overseer checkout\n',
);
