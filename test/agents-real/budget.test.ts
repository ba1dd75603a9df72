import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { overseerBin } from '../../src/core/package-root.js';
import { attentionItems } from '../../src/daemon/attention.js';
import { readBudgetState } from '../../src/town/budgets.js';
import { createIssue } from '../../src/town/issues.js';
import { readPolecats } from '../../src/town/polecat-state.js';
import { RigConfig } from '../../src/town/schemas/rig.js';
import { readTownSnapshot } from '../../src/town/snapshot.js';
import { realTown, type RealFixture } from './fixture.js';

const execFileAsync = promisify(execFile);

/** Tokens of the rig's daily budget: the scripted conversation needs far more (each request is ~25k). */
const BUDGET = 110_000;

/**
 * A budget that stops spending, end to end with the real Claude Code: the
 * dispatcher starts an issue whose scripted conversation would use more
 * than the rig's daily budget; at 80% an attention item and an event
 * appear, at 100% the agent is interrupted, the next ready issue is not
 * started, and an override (a logged command) lets it go on.
 */
describe('budgets, enforced on a real agent', () => {
  let fx: RealFixture | undefined;
  afterEach(async () => {
    await fx?.cleanup();
    fx = undefined;
  });

  it(
    'warns at 80%, interrupts at 100%, holds the next issue, and an override lets it start',
    { timeout: 300_000 },
    async () => {
      fx = await realTown({
        settings: {
          usage: { sample_interval: '200ms' },
          budgets: { rig_day: { tokens: BUDGET }, on_exceed: 'interrupt', warn_at: 0.8 },
        },
      });
      const f = fx;
      const rp = f.town.rigPaths('web');
      const cfg = RigConfig.parse(JSON.parse(readFileSync(rp.config, 'utf8')));
      writeFileSync(
        rp.config,
        JSON.stringify({
          ...cfg,
          dispatch: true,
          max_workers: 2,
          worker_spawn_delay: 0,
          default_agent: 'claude',
        }),
      );
      const a = await createIssue(f.town, 'web', { title: 'A long conversation' });
      f.standin.setScript(a.id, {
        steps: [
          ...Array.from({ length: 12 }, (_, i) => ({
            do: 'shell' as const,
            command: `sleep 1 && echo step ${i}`,
          })),
          { do: 'text', text: 'All steps run.' },
        ],
      });
      const used = () => {
        const u = f.standin.usage(a.id)?.agent;
        return u ? u.prompt_tokens + u.output_tokens : 0;
      };
      const mail = () =>
        attentionItems(readTownSnapshot(f.town.root), Date.now())
          .filter((i) => i.kind === 'escalated')
          .map((i) => i.reason);

      // 80%: the warning, while the agent is still under its budget.
      const warned = await f.tickUntil('budget warning', () => {
        const alert = readBudgetState(rp).alerts[`rig_day:${new Date().toISOString().slice(0, 10)}`];
        return alert ? { alert, used: used() } : undefined;
      });
      expect(warned.alert.level).toBe('warn');
      expect(warned.used).toBeLessThan(BUDGET);
      expect(warned.used).toBeGreaterThanOrEqual(0.8 * BUDGET);
      expect(mail().join('\n')).toMatch(
        /Budget warning: \d+% of the daily rig budget of web spent: [\d,]+ tokens of 110,000 tokens/,
      );

      // 100%: spent alert with what was spent, and Ctrl-C into the agent.
      const dayKey = `rig_day:${new Date().toISOString().slice(0, 10)}`;
      const spent = await f.tickUntil('budget spent, agent interrupted', () => {
        const alert = readBudgetState(rp).alerts[dayKey];
        return alert?.level === 'exceeded' && Object.keys(alert.interrupted).length === 1 ? alert : undefined;
      });
      expect(spent.spent).toBeGreaterThanOrEqual(BUDGET);
      expect(mail().join('\n')).toMatch(
        /Budget spent: the daily rig budget of web is spent: [\d,]+ tokens of 110,000 tokens/,
      );
      const [polecat] = readPolecats(rp).polecats;
      // The interrupt stops the conversation: after a moment for a request in flight, the stand-in is asked nothing more.
      const ticksFor = async (ms: number) => {
        for (const end = Date.now() + ms; Date.now() < end;) {
          await f.daemon.tick();
          await new Promise((r) => setTimeout(r, 200));
        }
      };
      await ticksFor(2000);
      const before = f.standin.usage(a.id)!.requests;
      await ticksFor(4000);
      expect(f.standin.usage(a.id)!.requests).toBe(before);
      const progress = f.standin.engine.progress()[`${a.id}/anthropic`]?.next ?? 0;
      expect(progress).toBeLessThan(12);
      const events = readFileSync(f.town.paths.events, 'utf8');
      expect(events).toMatch(/"kind":"daemon.budget-alert"/);
      expect(events).toMatch(/"kind":"daemon.budget-interrupt"/);

      // The next ready issue is not started while the day's budget is spent.
      const b = await createIssue(f.town, 'web', { title: 'Next in line' });
      for (let i = 0; i < 10; i++) await f.daemon.tick();
      expect(readPolecats(rp).polecats.filter((p) => p.issue === b.id)).toEqual([]);
      expect(polecat!.issue).toBe(a.id);

      // Overriding the budget for that issue (a logged command) lets it start.
      await execFileAsync(
        process.execPath,
        [
          overseerBin(),
          '--town',
          f.town.root,
          'budget',
          'override',
          b.id,
          '--tokens',
          '1000000',
          '--reason',
          'urgent',
        ],
        {
          encoding: 'utf8',
        },
      );
      expect(readFileSync(f.town.paths.events, 'utf8')).toMatch(
        /"kind":"budget.override".*1,000,000 tokens \(urgent\)/,
      );
      await f.tickUntil('the next issue started', () =>
        readPolecats(rp).polecats.some((p) => p.issue === b.id),
      );
    },
  );
});
