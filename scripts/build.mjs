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

// Overseer's helper for outposts and the scripted agent, each one self-contained file
// (dependencies bundled in): they are copied to other machines that have only node.
await build({
  entryPoints: {
    'ov-remote': 'src/runtime/remote/main.ts',
    'scripted-agent': 'src/agents/scripted/main.ts',
  },
  outdir: 'dist/remote',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __ovCreateRequire } from 'node:module'; const require = __ovCreateRequire(import.meta.url);",
  },
});
