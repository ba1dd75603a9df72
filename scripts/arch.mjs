#!/usr/bin/env node
// `npm run arch`: the architecture's figures, checked. Exits non-zero when one is off.
//   - child processes started outside src/runtime (the scripted agent and the demo setup excepted): 0
//   - source files over 300 lines: 0
//   - src/ui/app/App.tsx: at most 150 lines
//   - median source file: under 100 lines
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const EXCEPTIONS = ['src/agents/scripted/', 'src/demo/'];
const PROCESS_MODULES = /from\s+'(?:node:)?(child_process|execa|node-pty|simple-git|cross-spawn)'/g;

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

const all = files(src).map((f) => {
  const text = readFileSync(f, 'utf8');
  return { path: relative(root, f), text, lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0) };
});
const starters = all.flatMap((f) =>
  [...f.text.matchAll(PROCESS_MODULES)].map((m) => ({ path: f.path, module: m[1] })),
);
const outside = starters.filter((s) => !s.path.startsWith('src/runtime/'));
const violations = outside.filter((s) => !EXCEPTIONS.some((e) => s.path.startsWith(e)));
const excepted = outside.filter((s) => EXCEPTIONS.some((e) => s.path.startsWith(e)));
const long = all.filter((f) => f.lines > 300);
const app = all.find((f) => f.path === 'src/ui/app/App.tsx');
const sorted = all.map((f) => f.lines).sort((a, b) => a - b);
const mid = sorted.length / 2;
const median = sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;

const rows = [
  [
    'child processes started outside src/runtime',
    violations.length,
    violations.length === 0,
    `${excepted.map((s) => `${s.path} (${s.module})`).join(', ') || 'none'} excepted`,
  ],
  [
    'source files over 300 lines',
    long.length,
    long.length === 0,
    long.map((f) => `${f.path} ${f.lines}`).join(', '),
  ],
  ['src/ui/app/App.tsx lines', app?.lines ?? 0, (app?.lines ?? 0) <= 150, 'at most 150'],
  ['median source file lines', median, median < 100, `under 100, over ${all.length} files`],
];
for (const [what, n, ok, note] of rows)
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${String(n).padStart(4)}  ${what}${note ? `  (${note})` : ''}`);
for (const v of violations) console.log(`     ${v.path} imports ${v.module}`);
process.exitCode = rows.every(([, , ok]) => ok) ? 0 : 1;
