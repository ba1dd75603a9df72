import { mkdirSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { trail } from '../../src/daemon/decide/attempt-trail.js';
import { endAttemptAction } from '../../src/daemon/exec/escalation-actions.js';
import { appendAttempt, readAttempts } from '../../src/escalation/attempts.js';
import { createIssue } from '../../src/town/issues.js';
import { loadPrices, priceOf, tokensCost } from '../../src/town/prices.js';
import { local } from '../support/runner.js';
import { makeTown, type TestTown } from '../support/store.js';
import { attempt } from '../support/decide-data.js';

describe('escalation attempts record what each tier spent', () => {
  let t: TestTown | undefined;
  afterEach(() => {
    t?.cleanup();
    t = undefined;
  });

  it('the trail names tokens and the estimated cost of each attempt', () => {
    const a1 = attempt('web-a', 1, {
      verdict: 'escalate',
      tokens: { input: 1000, output: 200, cache_read: 5000, cache_write: 0 },
      cost_usd: 0.0123,
    });
    const a2 = attempt('web-a', 2, { verdict: 'running' });
    expect(trail([a1, a2])).toMatch(
      /attempt 1: tier t0 \(scripted\) → escalate, spent 6,200 tokens \(~\$0\.01 est\.\)/,
    );
    expect(trail([a1, a2])).toMatch(/attempt 2: tier t1 \(scripted\) → running$/);
  });

  it('ending an attempt stores its tokens and cost from the usage ledger', async () => {
    t = await makeTown();
    const rp = t.town.rigPaths('web');
    const issue = await createIssue(t.town, 'web', { title: 'Escalated' });
    const started = new Date(Date.now() - 60_000).toISOString();
    await appendAttempt(
      rp,
      attempt(issue.id, 1, { id: `${issue.id}.a1`, polecat: 'nux', started_at: started }),
    );
    const tokens = { input: 1200, output: 300, cache_read: 40_000, cache_write: 100 };
    mkdirSync(rp.usageDir, { recursive: true });
    writeFileSync(
      rp.usage(issue.id),
      JSON.stringify({
        version: 1,
        rig: 'web',
        issue: issue.id,
        updated_at: started,
        polecats: {
          [`nux@${started}`]: {
            polecat: 'nux',
            agent: 'claude',
            reader: 'claude',
            attempt: `${issue.id}.a1`,
            created_at: started,
            updated_at: started,
            by_model: { 'claude-sonnet-4-5': tokens },
          },
        },
      }),
    );
    await endAttemptAction(
      { town: t.town, runner: local, tmux: undefined as never, env: process.env },
      {
        kind: 'end-attempt',
        rig: 'web',
        issue: issue.id,
        attemptId: `${issue.id}.a1`,
        verdict: 'escalate',
        stopSession: false,
        reason: 'tests failed',
      },
      Date.now(),
    );
    const [a] = readAttempts(rp, issue.id);
    expect(a).toMatchObject({ verdict: 'escalate', tokens });
    expect(a!.cost_usd).toBeCloseTo(
      tokensCost(tokens, priceOf(loadPrices(t.town.paths), 'claude-sonnet-4-5')!),
      10,
    );
  });
});
