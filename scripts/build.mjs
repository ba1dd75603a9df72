// Bundles the CLI (and the benchmark runner) with esbuild, dependencies included:
// one file per entry plus lazy chunks loads far faster than hundreds of ES modules
// from node_modules (Node 20 resolves, reads and compiles each one). Only native or
// optional modules stay external (node-pty, Ink's devtools); dev tools are never bundled.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const external = ['node-pty', 'react-devtools-core', 'fsevents', ...Object.keys(pkg.devDependencies ?? {})];

// The Ink line cache patches Ink's internal Output class: in the bundle it must be the
// bundled copy, so `ink-output.js` becomes a static import of the very file Ink uses.
const inkOutput = join(dirname(createRequire(import.meta.url).resolve('ink')), 'output.js');
const bundledInkOutput = {
  name: 'bundled-ink-output',
  setup(b) {
    b.onResolve({ filter: /\/ink-output\.js$/ }, () => ({ path: 'ink-output', namespace: 'ink-output' }));
    b.onLoad({ filter: /.*/, namespace: 'ink-output' }, () => ({
      contents: `export const loadInkOutput = () => import(${JSON.stringify(inkOutput)});`,
      resolveDir: dirname(inkOutput),
    }));
  },
};

// string-width builds an RGI_Emoji regular expression when its module starts (~30 ms
// before the cockpit's first frame). Every `string-width` import (Ink's, cli-truncate's,
// wrap-ansi's) goes to src/core/string-width.ts, which measures the usual text itself;
// the library is loaded by a bundled require() on its first call (esbuild makes it lazy).
const stringWidthFast = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'core', 'string-width.ts');
const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, (args) =>
      args.namespace === 'lazy-string-width' || args.importer === stringWidthFast
        ? undefined
        : { path: stringWidthFast },
    );
    b.onResolve({ filter: /\/string-width-full\.js$/ }, () => ({
      path: 'full',
      namespace: 'lazy-string-width',
    }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-string-width' }, () => ({
      contents: "export const fullStringWidth = () => require('string-width').default;",
      resolveDir: dirname(stringWidthFast),
    }));
  },
};

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
  plugins: [bundledInkOutput, lazyStringWidth],
  // React's production build only (the development one is several times slower and larger).
  define: { 'process.env.NODE_ENV': '"production"' },
  // CommonJS dependencies bundled into ESM call require() for Node's built-ins.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __ovCreateRequire } from 'node:module'; const require = __ovCreateRequire(import.meta.url);",
  },
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
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __ovCreateRequire } from 'node:module'; const require = __ovCreateRequire(import.meta.url);",
  },
});
