#!/usr/bin/env -S node --max-semi-space-size=1
// The `overseer` / `ov` command: runs the bundled CLI (built by `npm run build`).
// A 1 MiB young generation (V8's default grows to 16 MiB per semi-space) keeps the
// long-running cockpit ~13 MiB smaller; the scavenges it adds are cheap (bench: peers).
import { runBundle } from './code-cache.js';

const bundle = new URL('../dist/cli.cjs', import.meta.url);
runBundle(bundle, 'overseer: dist/cli.cjs is missing; run `npm run build` in the overseer checkout\n');
