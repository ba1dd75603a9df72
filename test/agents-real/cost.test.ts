import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { overseerBin } from '../../src/core/package-root.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import type { CostReport } from '../../src/town/cost-report.js';
import { createIssue, getIssue } from '../../src/town/issues.js';
import { loadPrices, priceOf, tokensCost } from '../../src/town/prices.js';
import { readPolecat } from '../../src/town/polecat-state.js';
import { REAL_CLIS } from '../support/agent-env.js';
import { realTown, type RealFixture } from './fixture.js';

const execFileAsync = promisify(execFile);

/**
 * Exact totals: a real CLI, driven by the stand-in (which counts every
 * token it reports), takes an issue to a landed merge; `overseer cost` then
 * shows, per polecat, issue, rig and town, exactly the stand-in's figures
 * for the agent's requests, and cost = tokens x the price table. (The
 * CLIs' side requests, such as a session title, are in no record the CLI
 * keeps: the stand-in counts them apart, as `aux`.)
 */
describe('token usage and cost of real agents, against the stand-in’s own count', () => {
  let fx: RealFixture | undefined;
  afterEach(async () => {
    await fx?.cleanup();
    fx = undefined;
  });

  for (const cli of REAL_CLIS)
    it(
      `${cli}: polecat, issue, rig and town totals equal the stand-in's; cost = tokens x prices`,
      { timeout: 240_000 },
      async () => {
        fx = await realTown();
        const f = fx;
        const issue = await createIssue(f.town, 'web', { title: 'Record a change' });
        const r = await spawnPolecat(f.town, { issue: issue.id, agent: cli, tmux: f.tmux });
        await f.tickUntil(
          'done',
          () => readPolecat(f.town.rigPaths('web'), r.polecat.name)?.state === 'done',
          90_000,
        );
        // Landed and cleaned up: the polecat is gone, its figures are not.
        await f.tickUntil('issue closed', () => getIssue(f.town, issue.id).status === 'closed', 90_000);
        await f.tickUntil(
          'polecat removed',
          () => readPolecat(f.town.rigPaths('web'), r.polecat.name) === undefined,
          60_000,
        );

        const out = await execFileAsync(
          process.execPath,
          [overseerBin(), '--town', f.town.root, 'cost', '--json'],
          {
            encoding: 'utf8',
            env: { ...process.env, OVERSEER_TMUX_SOCKET: f.socket },
          },
        );
        const report = JSON.parse(out.stdout) as CostReport;

        const u = f.standin.usage(issue.id)!.agent;
        const models = [
          ...new Set(
            f.standin
              .usage(issue.id)!
              .replies.filter((x) => x.kind === 'agent')
              .map((x) => x.model),
          ),
        ];
        const expected = {
          input: u.prompt_tokens - u.cached_tokens,
          output: u.output_tokens,
          cache_read: u.cached_tokens,
          cache_write: 0,
        };
        expect(u.requests).toBeGreaterThanOrEqual(3);
        const [row] = report.issues;
        expect(report.issues).toHaveLength(1);
        expect(row!.polecats.map((p) => p.polecat)).toEqual([r.polecat.name]);
        const p = row!.polecats[0]!;
        expect(p.reader).toBe(cli);
        expect(p.note).toBeUndefined();
        expect(Object.keys(p.spend.by_model)).toEqual(models);
        for (const s of [p.spend, row!.spend, report.rigs[0]!.spend, report.rigs[0]!.today, report.town])
          expect(s.tokens).toEqual(expected);

        const price = priceOf(loadPrices(f.town.paths), models[0]!)!;
        expect(price).toBeDefined();
        expect(p.spend.cost).toEqual({ usd: tokensCost(expected, price), unpriced: [] });
        expect(report.estimate).toBe(true);

        const human = await execFileAsync(process.execPath, [overseerBin(), '--town', f.town.root, 'cost'], {
          encoding: 'utf8',
        });
        expect(human.stdout).toMatch(/Costs are estimates/);
        expect(human.stdout).toContain(expected.input.toLocaleString('en-US'));
      },
    );
});
