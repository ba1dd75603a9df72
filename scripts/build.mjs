// Bundles the CLI (and the benchmark runner, the scripted agent, the model stand-in)
// with esbuild, dependencies included: one file loads far faster than hundreds of
// modules from node_modules. Only native or optional modules stay external (node-pty,
// Ink's devtools); dev tools are never bundled.
//
// The CLI is one CommonJS file, dist/cli.cjs, that bin/overseer.js compiles with V8's
// code cache (Node 20 has no compile cache for ES modules): see bin/code-cache.js.
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { bundledInkOutput, lazyStringWidth, noTopLevelAwait, sharedGraphemes } from './build-plugins.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const external = ['node-pty', 'react-devtools-core', 'fsevents', ...Object.keys(pkg.devDependencies ?? {})];
const dist = new URL('../dist/', import.meta.url);
// React's production build only (the development one is several times slower and larger).
const production = { 'process.env.NODE_ENV': '"production"' };
// CommonJS dependencies bundled into ESM call require() for Node's built-ins.
const esmBanner =
  "#!/usr/bin/env node\nimport { createRequire as __ovCreateRequire } from 'node:module'; const require = __ovCreateRequire(import.meta.url);";

// Chunk names carry a content hash: drop the old ones; code caches belong to the old bundle.
rmSync(new URL('chunks', dist), { recursive: true, force: true });
rmSync(new URL('cli.js', dist), { force: true });
rmSync(new URL('cli.js.map', dist), { force: true });
rmSync(new URL('code-cache', dist), { recursive: true, force: true });

await build({
  entryPoints: { cli: 'src/cli/main.ts' },
  outExtension: { '.js': '.cjs' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // import() of node-pty becomes require(): the code-cached script has no module loader.
  supported: { 'dynamic-import': false },
  sourcemap: 'linked',
  external,
  plugins: [bundledInkOutput, lazyStringWidth, noTopLevelAwait, sharedGraphemes],
  define: { ...production, 'import.meta.url': '__ovModuleUrl' },
  banner: { js: "const __ovModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  jsx: 'automatic',
  logLevel: 'warning',
});

// esbuild escapes what is not ASCII in strings, not in comments and regular expressions:
// there it becomes \u escapes too (the same program), so bin/code-cache.js can read the
// bundle as one-byte text, ~10 ms sooner than decoding it as UTF-8.
const cli = new URL('cli.cjs', dist);
const text = readFileSync(cli, 'utf8');
const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
if (ascii !== text) writeFileSync(cli, ascii);

await build({
  entryPoints: {
    bench: 'bench/main.ts',
    'scripted-agent': 'src/agents/scripted/main.ts',
    standin: 'src/standin/main.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  // Code loaded with import() (the cockpit: ink, react) becomes its own chunk.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  target: 'node20',
  sourcemap: 'linked',
  external,
  plugins: [bundledInkOutput, lazyStringWidth],
  define: production,
  banner: { js: esmBanner },
  jsx: 'automatic',
  logLevel: 'warning',
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
  banner: { js: esmBanner },
});
