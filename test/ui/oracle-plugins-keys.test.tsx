import { afterEach, describe, expect, it } from 'vitest';
import { writeJsonAtomic } from '../../src/core/json-file.js';
import { addPlugin } from '../../src/plugins/ops.js';
import type { OracleFile } from '../../src/town/schemas/oracle.js';
import { townFixture, type Fixture } from '../support/ui/panes-fixture.js';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

/** ace (working) and bob (waiting) both change src/cart.ts lines 10–30; bob came second. */
function overlap(): OracleFile {
  return {
    version: 1,
    rig: 'web',
    updated_at: new Date().toISOString(),
    main: { ref: 'refs/remotes/origin/main', sha: 'a'.repeat(40) },
    branches: {},
    pairs: [
      {
        key: 'polecat/ace|polecat/bob',
        a: 'polecat/ace',
        b: 'polecat/bob',
        owners: ['ace', 'bob'],
        class: 'same-region',
        files: [{ path: 'src/cart.ts', class: 'same-region', lines: [10, 30] }],
        later: 'polecat/bob',
        since: new Date(Date.now() - 3_600_000).toISOString(),
        summary: 'ace and bob both change src/cart.ts lines 10–30',
      },
    ],
    announced: {},
  };
}

describe('cockpit: overlap items and plugin agents', () => {
  it('an overlap item: n tells the later polecat about the other, b makes it wait, x pauses it', async () => {
    fx = await townFixture({ cols: 120, rows: 30 });
    await writeJsonAtomic(fx.t.town.rigPaths('web').oracleFile, overlap());
    const f = await fx.see(/overlap\s+web\/bob\s+1h ace and bob both change/);
    expect(f).toContain('b wait for other');
    // The oldest item comes first: the overlap (an hour) is selected.
    await fx.ui.press('n');
    await fx.see('overlapNudge ok');
    expect(fx.calls).toContainEqual(['overlapNudge', 'web', 'bob', 'ace']);
    await fx.ui.press('b');
    await fx.see('overlapBlock ok');
    expect(fx.calls).toContainEqual(['overlapBlock', 'web', 'bob', 'ace']);
    await fx.ui.press('x');
    await fx.see('Stop web/bob?');
  });

  it('b on another kind of item does nothing', async () => {
    fx = await townFixture({ cols: 120, rows: 30 });
    await fx.see(/waiting\s+web\/bob/);
    await fx.ui.press('b');
    await new Promise((r) => setTimeout(r, 200));
    expect(fx.calls.filter((c) => c[0] === 'overlapBlock')).toEqual([]);
  });

  it('a plugin shows among the agents with its session; it has no branch to land', async () => {
    fx = await townFixture({ cols: 120, rows: 30 });
    await addPlugin(fx.t.town, {
      rig: 'web',
      name: 'merge-oracle',
      example: 'merge-oracle',
      agent: 'scripted',
    });
    await fx.ui.press('2');
    await fx.see(/merge-ora…\s+web\s+\(plugin\)\s+local\s+idle\s+\S+\s+- -\s+n/);
    await fx.ui.press('G');
    await fx.ui.press('l');
    await new Promise((r) => setTimeout(r, 200));
    expect(fx.calls.filter((c) => c[0] === 'land')).toEqual([]);
    await fx.ui.press('a');
    await fx.see('attach ok');
    expect(fx.calls).toContainEqual(['attach', 'web', 'plugin:merge-oracle']);
  });
});
