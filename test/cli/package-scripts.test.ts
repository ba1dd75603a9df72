import { isAscii } from 'node:buffer';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  OVERSEER_NODE_ENV,
  OVERSEER_NODE_FLAGS,
  overseerBin,
  packageRoot,
} from '../../src/core/package-root.js';

/**
 * `npm run demo`, `npm run bench`, ...: every file a package script runs with
 * node exists once the CLI is built (the test setup builds it), so the
 * commands the README gives work as printed.
 */
describe('package.json scripts and the overseer executable', () => {
  it('run only files that exist after the build', () => {
    const root = packageRoot();
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const run = Object.entries(pkg.scripts).flatMap(([name, cmd]) =>
      [...cmd.matchAll(/\bnode\s+(?:--\S+\s+)*(\S+\.(?:c|m)?js)\b/g)].map((m) => ({ name, file: m[1]! })),
    );
    expect(run.map((r) => r.name)).toEqual(expect.arrayContaining(['build', 'demo', 'bench']));
    expect(run.filter((r) => !existsSync(join(root, r.file)))).toEqual([]);
  });

  it('start the daemon with what the overseer executable gives itself on its first line', () => {
    const shebang = readFileSync(overseerBin(), 'utf8').split('\n')[0]!;
    for (const flag of OVERSEER_NODE_FLAGS) expect(shebang).toContain(` ${flag}`);
    for (const [k, v] of Object.entries(OVERSEER_NODE_ENV)) expect(shebang).toContain(` ${k}=${v} `);
    // ...and the executable keeps that setting out of its children's environment.
    for (const [k, v] of Object.entries(OVERSEER_NODE_ENV))
      expect(readFileSync(overseerBin(), 'utf8')).toContain(`process.env.${k} === '${v}'`);
  });

  it('build the CLI bundle as ASCII text, which the executable reads without decoding UTF-8', () => {
    const bundle = readFileSync(join(packageRoot(), 'dist', 'cli.cjs'));
    expect(isAscii(bundle)).toBe(true);
  });
});
