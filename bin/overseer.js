#!/usr/bin/env node
// The `overseer` / `ov` command: runs the bundled CLI (built by `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('overseer: dist/cli.js is missing; run `npm run build` in the overseer checkout\n');
  process.exit(1);
}
await import(bundle);
