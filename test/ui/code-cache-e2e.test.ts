import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDemoTown } from '../../src/demo/build-demo.js';
import { ov } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';
import { CockpitPane } from '../support/ui/cockpit-pane.js';

type Report = { wall_ms: number; code_cache: string; code_cache_save: string };

/**
 * bin/overseer.js compiles the CLI bundle with V8's code cache, which the
 * cockpit writes once its first frame is drawn (bin/code-cache.js). Each start
 * reports what it found through OVERSEER_FIRST_FRAME_REPORT.
 */
describe('the CLI bundle code cache (tmux)', () => {
  const pane = new CockpitPane();
  afterEach(() => pane.stop());

  it('is written by the first cockpit, used by the next, replaced when damaged, and never needed', async () => {
    const base = tempDir('ov-cache');
    const demo = await buildDemoTown({ dir: join(base, 'town'), spawn: false, daemon: false });
    const cacheDir = join(base, 'cache');
    const reportFile = join(base, 'first-frame.json');
    const env = { HOME: base, OVERSEER_CODE_CACHE_DIR: cacheDir, OVERSEER_FIRST_FRAME_REPORT: reportFile };
    const open = async (): Promise<Report> => {
      writeFileSync(reportFile, '');
      pane.start(['--town', demo.town.root], env);
      await pane.waitFor('Attention');
      for (let i = 0; i < 100 && !readFileSync(reportFile, 'utf8'); i++)
        await new Promise((r) => setTimeout(r, 50));
      await pane.quit();
      return JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
    };
    const caches = () => (existsSync(cacheDir) ? readdirSync(cacheDir) : []);

    // Other commands use a cache but never write one.
    expect((await ov(['--town', demo.town.root, 'status'], { env })).exitCode).toBe(0);
    expect(caches()).toEqual([]);

    expect(await open()).toMatchObject({ code_cache: 'none', code_cache_save: 'written' });
    expect(caches()).toHaveLength(1);
    expect(await open()).toMatchObject({ code_cache: 'used', code_cache_save: 'kept' });

    // A damaged cache is refused by V8: the cockpit starts as usual and writes a good one.
    writeFileSync(join(cacheDir, caches()[0]!), 'not a code cache');
    expect(await open()).toMatchObject({ code_cache: 'rejected', code_cache_save: 'written' });
    expect(await open()).toMatchObject({ code_cache: 'used' });
    expect(caches()).toHaveLength(1); // no temporary files left

    // A place it cannot write: only the start is slower.
    writeFileSync(join(base, 'a-file'), '');
    const blocked = { ...env, OVERSEER_CODE_CACHE_DIR: join(base, 'a-file', 'cache') };
    writeFileSync(reportFile, '');
    pane.start(['--town', demo.town.root], blocked);
    await pane.waitFor('Attention');
    await pane.quit();
    expect(JSON.parse(readFileSync(reportFile, 'utf8'))).toMatchObject({
      code_cache: 'none',
      code_cache_save: 'unwritable',
    });
  });
});
