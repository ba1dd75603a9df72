// esbuild plugins for the bundles scripts/build.mjs makes. Each one replaces a
// dependency's module with what the bundle needs; a patch whose text is not found
// fails the build (a new version of the dependency), never the program.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

// The Ink line cache patches Ink's internal Output class: in the bundle it must be the
// bundled copy, so `ink-output.js` becomes an import of the very file Ink uses.
const inkOutput = join(dirname(require.resolve('ink')), 'output.js');
export const bundledInkOutput = {
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
const stringWidthFast = join(src, 'core', 'string-width.ts');
export const lazyStringWidth = {
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

function patched(path, edits) {
  let text = readFileSync(path, 'utf8');
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`build: ${path} no longer contains ${JSON.stringify(from)}`);
    text = text.replace(from, to);
  }
  return text;
}

// A CommonJS bundle cannot hold a top-level await; Ink and yoga-layout have three.
// yoga-layout's index awaits its WebAssembly: here it exports `ready()` instead, which
// the cockpit awaits before its first render (src/ui/app/yoga-ready.ts), so no other
// command compiles the WebAssembly. Ink's two awaits load React devtools when DEV=true.
export const noTopLevelAwait = {
  name: 'no-top-level-await',
  setup(b) {
    b.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/ }, (a) => ({
      contents: patched(a.path, [
        [
          'const Yoga = wrapAssembly(await loadYoga());',
          'let Yoga;\nlet loading;\nexport const ready = () => (loading ??= loadYoga().then((m) => { Yoga = wrapAssembly(m); }));',
        ],
        ['export default Yoga;', 'export { Yoga as default };'],
      ]),
      loader: 'js',
      resolveDir: dirname(a.path),
    }));
    b.onLoad({ filter: /[\\/]ink[\\/]build[\\/]reconciler\.js$/ }, (a) => ({
      contents: patched(a.path, [
        ["await import('./devtools.js');", "import('./devtools.js').catch(() => undefined);"],
        ['? await loadPackageJson()', '? { name: undefined, version: undefined }'],
      ]),
      loader: 'js',
      resolveDir: dirname(a.path),
    }));
    b.onResolve({ filter: /\/yoga-ready\.js$/ }, () => ({ path: 'yoga-ready', namespace: 'yoga-ready' }));
    b.onLoad({ filter: /.*/, namespace: 'yoga-ready' }, () => ({
      contents: "export { ready as yogaReady } from 'yoga-layout';",
      resolveDir: src,
    }));
  },
};

// slice-ansi and Ink's ansi-tokenize each create a grapheme Intl.Segmenter when they load:
// the process's first one loads ICU's break rules (~8 ms before the cockpit's first frame).
// Both get src/core/graphemes.ts instead, which segments a frame's usual text itself and
// creates the Intl.Segmenter only for other text.
const graphemes = join(src, 'core', 'graphemes.ts');
export const sharedGraphemes = {
  name: 'shared-graphemes',
  setup(b) {
    const edit = (filter, from) =>
      b.onLoad({ filter }, (a) => ({
        contents:
          `import { graphemeSegmenter as __ovGraphemes } from ${JSON.stringify(graphemes)};\n` +
          patched(a.path, [[from, '__ovGraphemes']]),
        loader: 'js',
        resolveDir: dirname(a.path),
      }));
    edit(
      /[\\/]slice-ansi[\\/]tokenize-ansi\.js$/,
      "new Intl.Segmenter(undefined, {granularity: 'grapheme'})",
    );
    edit(
      /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/,
      'new Intl.Segmenter(undefined, { granularity: "grapheme" })',
    );
  },
};
