import { afterEach, describe, expect, it } from 'vitest';
import { writeJsonAtomic } from '../../src/core/json-file.js';
import { readPolecat } from '../../src/town/polecat-state.js';
import { townFixture, type Fixture } from '../support/ui/panes-fixture.js';

/**
 * The polecats pane's TOKENS, COST~, CPU and MEM columns (from the daemon's
 * resources file, through the real store): hidden at 80 columns, all shown
 * at the widest layout; the header carries the town's total.
 */
describe('cost and resource columns in the cockpit', () => {
  let fx: Fixture | undefined;
  afterEach(async () => {
    await fx?.close();
    fx = undefined;
  });

  async function withResources(cols: number): Promise<Fixture> {
    const f = await townFixture({ cols, rows: 30 });
    const rp = f.t.town.rigPaths('web');
    const ace = readPolecat(rp, 'ace')!;
    const t0 = Date.now() - 60_000;
    await writeJsonAtomic(rp.resources, {
      version: 1,
      sampled_at: new Date().toISOString(),
      polecats: {
        ace: {
          born: ace.created_at,
          procs: 5,
          cpu_pct: 87.5,
          rss_bytes: 412 * 1024 * 1024,
          tokens: 123_456,
          cost_usd: 1.5,
          history: [
            [t0, 2, 300 * 1024 * 1024, 1000],
            [t0 + 30_000, 87.5, 412 * 1024 * 1024, 123_456],
          ],
        },
      },
      totals: { tokens: 123_456, cost_usd: 1.5, today_tokens: 123_456, today_cost_usd: 1.5 },
    });
    return f;
  }

  it('the widest polecats pane (focused, beside the preview) shows tokens, cost (an estimate), CPU and memory', async () => {
    fx = await withResources(159);
    await fx.see('Attention');
    await fx.ui.press('\t');
    const frame = await fx.see(/TOKENS\s+COST~\s+CPU\s+MEM/);
    const aceLine = frame.split('\n').find((l) => /ace\s+web/.test(l))!;
    expect(aceLine).toMatch(/123k\s+\$1\.50\s+88%\s+412M/);
    expect(frame).toMatch(/~\$1\.50 123k tok/);
    // The detail view: the numbers over time.
    await fx.ui.press('\r');
    const detail = await fx.see(/cpu\s+88%\s+▁█/);
    expect(detail).toMatch(/cost\s+\$1\.50 \(estimate\)/);
  });

  it('at 80 columns the columns are hidden and the reason keeps its room', async () => {
    fx = await withResources(80);
    await fx.see('Attention');
    await fx.ui.press('\t');
    const frame = await fx.see(/ace\s+web/);
    expect(frame).not.toMatch(/TOKENS|COST~|\bMEM\b/);
    expect(frame).toContain('REASON');
  });
});
