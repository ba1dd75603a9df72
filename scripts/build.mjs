// Bundles the CLI (and the benchmark runner) with esbuild. Dependencies stay external:
// they are loaded from node_modules, so native modules (node-pty) keep working.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];

// Chunk names carry a content hash: drop the old ones.
rmSync(new URL('../dist/chunks', import.meta.url), { recursive: true, force: true });

await build({
  entryPoints: {
    cli: 'src/cli/main.ts',
    bench: 'bench/main.ts',
    'scripted-agent': 'src/agents/scripted/main.ts',
    standin: 'src/standin/main.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  // Code loaded with import() (the cockpit: ink, react) becomes its own chunk, so the
  // other commands start without it.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  target: 'node20',
  sourcemap: 'linked',
  external,
  jsx: 'automatic',
  logLevel: 'warning',
  banner: { js: '#!/usr/bin/env node' },
});
