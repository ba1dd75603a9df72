import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/tmp.js';

const REPO = resolve(import.meta.dirname, '../..');
const DEPCRUISE = join(REPO, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

/** The layer check of `npm run lint` (depcruise src with the repo's rules), run in `cwd`. */
function layerCheck(cwd: string): { code: number; output: string } {
  try {
    const output = execFileSync(
      process.execPath,
      [DEPCRUISE, 'src', '--config', join(cwd, '.dependency-cruiser.cjs')],
      { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return { code: 0, output };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, output: `${err.stdout}${err.stderr}` };
  }
}

/** A tree with the repo's rules and one file per given path. */
function tree(files: Record<string, string>): string {
  const dir = tempDir('ov-layers');
  copyFileSync(join(REPO, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  copyFileSync(join(REPO, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('layer order (npm run lint)', () => {
  it('fails on an import from a lower layer up to a higher one, naming the rule and the files', () => {
    const dir = tree({
      'src/town/rigs.ts': "import { git } from '../runtime/git.js';\nexport const x = git;\n",
      'src/runtime/git.ts': 'export const git = 1;\n',
    });
    const r = layerCheck(dir);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/town-below-runtime: src\/town\/rigs\.ts → src\/runtime\/git\.ts/);
  });

  it('fails on a type-only import up the layers too', () => {
    const dir = tree({
      'src/core/ids.ts': "import type { App } from '../ui/app.js';\nexport type Id = App;\n",
      'src/ui/app.ts': 'export type App = string;\n',
    });
    const r = layerCheck(dir);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/core-is-the-floor: src\/core\/ids\.ts → src\/ui\/app\.ts/);
  });

  it('fails on a cycle between two modules of one layer', () => {
    const dir = tree({
      'src/polecats/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'src/polecats/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
    });
    const r = layerCheck(dir);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/no-cycles/);
  });

  it('fails on a child process started outside src/runtime', () => {
    const dir = tree({
      'src/ui/palette.ts': "import { execFile } from 'node:child_process';\nexport const run = execFile;\n",
      'src/agents/scripted/main.ts':
        "import { execFileSync } from 'node:child_process';\nexport const ok = execFileSync;\n",
    });
    const r = layerCheck(dir);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/processes-only-in-runtime: src\/ui\/palette\.ts → child_process/);
    expect(r.output).not.toMatch(/src\/agents\/scripted/); // the scripted agent is the named exception
  });

  it('passes an import down the layers', () => {
    const dir = tree({
      'src/ui/app.ts': "import { now } from '../core/time.js';\nexport const t = now;\n",
      'src/core/time.ts': 'export const now = 1;\n',
    });
    expect(layerCheck(dir)).toMatchObject({ code: 0 });
  });

  it('passes on this repository', () => {
    const r = layerCheck(REPO);
    expect(r.output).toMatch(/no dependency violations/);
    expect(r.code).toBe(0);
  });
});
