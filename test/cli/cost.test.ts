import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createIssue } from '../../src/town/issues.js';
import { ov, ovJson } from '../support/cli.js';
import { makeTown, type TestTown } from '../support/store.js';

describe('overseer cost and budget override', () => {
  let t: TestTown | undefined;
  afterEach(() => {
    t?.cleanup();
    t = undefined;
  });

  it('an empty town costs nothing, labelled an estimate with the price date', async () => {
    t = await makeTown();
    const r = await ovJson<{ estimate: boolean; prices: { checked: string }; town: { total: number } }>([
      '--town',
      t.town.root,
      'cost',
    ]);
    expect(r.estimate).toBe(true);
    expect(r.prices.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(r.town.total).toBe(0);
    const human = await ov(['--town', t.town.root, 'cost']);
    expect(human.stdout).toMatch(
      /Costs are estimates: tokens x config\/prices.yaml \(checked \d{4}-\d{2}-\d{2}\)/,
    );
  });

  it('a broken price table is named, exit non-zero', async () => {
    t = await makeTown();
    writeFileSync(
      t.town.paths.configFile('prices.yaml'),
      'version: 1\nchecked: x\nmodels:\n  m: { input: -1 }\n',
    );
    const r = await ov(['--town', t.town.root, 'cost']);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/prices\.yaml/);
  });

  it('override: logged, stored; bad input changes nothing', async () => {
    t = await makeTown();
    const issue = await createIssue(t.town, 'web', { title: 'Costly' });
    const rp = t.town.rigPaths('web');
    for (const args of [[], ['--usd', '1', '--tokens', '5'], ['--usd', '-3'], ['--tokens', '1.5']]) {
      const r = await ov(['--town', t.town.root, 'budget', 'override', issue.id, ...args]);
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/--usd|--tokens/);
    }
    const unknown = await ov(['--town', t.town.root, 'budget', 'override', 'web-zzzz', '--usd', '5']);
    expect(unknown.exitCode).not.toBe(0);
    expect(unknown.stderr).toMatch(/web-zzzz/);
    expect(existsSync(rp.budgetState)).toBe(false);

    const ok = await ov([
      '--town',
      t.town.root,
      'budget',
      'override',
      issue.id,
      '--usd',
      '12.5',
      '--reason',
      'big one',
    ]);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toMatch(/its own budget is now \$12\.50 \(logged\)/);
    const state = JSON.parse(readFileSync(rp.budgetState, 'utf8')) as { overrides: Record<string, unknown> };
    expect(state.overrides[issue.id]).toMatchObject({
      limit: { usd: 12.5 },
      by: 'overseer',
      reason: 'big one',
    });
    expect(readFileSync(t.town.paths.events, 'utf8')).toMatch(/"kind":"budget.override"/);
  });
});
