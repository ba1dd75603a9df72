import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/daemon/actions.js';
import { budgetBlock, decideBudgets, withoutBudgetedWork } from '../../src/daemon/decide/budget.js';
import type { DaemonRig } from '../../src/daemon/snapshot.js';
import type { BudgetState } from '../../src/town/budgets.js';
import type { DaemonSettings } from '../../src/town/daemon-settings.js';
import type { PolecatState } from '../../src/town/schemas/polecat.js';
import { usageKey } from '../../src/town/schemas/usage.js';
import { MIN, T0, at, polecat, rig, snap } from '../support/decide-data.js';

const NUX = polecat('nux', { issue: 'web-a', state: 'working', session: 'ov-web-nux' });
const KEY = usageKey(NUX.name, NUX.created_at);
const ATTEMPT = `attempt:web-a:${KEY}`;
const amt = (tokens: number, usd = 0) => ({ tokens, usd });

type Facts = {
  polecats?: PolecatState[];
  /** Tokens (and dollars) of nux's entry; the issue total is the same. */
  nux?: { tokens: number; usd?: number };
  rigDay?: { tokens: number; usd?: number };
  alerts?: BudgetState['alerts'];
  overrides?: BudgetState['overrides'];
};

function budgetRig(f: Facts): DaemonRig {
  const r = rig({ polecats: f.polecats ?? [NUX] });
  const nux = amt(f.nux?.tokens ?? 0, f.nux?.usd ?? 0);
  r.budget = {
    day: '2026-03-01',
    rigDay: amt(f.rigDay?.tokens ?? nux.tokens, f.rigDay?.usd ?? nux.usd),
    issues: new Map([['web-a', { spent: nux, polecats: new Map([[KEY, nux]]) }]]),
    state: { version: 1, alerts: f.alerts ?? {}, overrides: f.overrides ?? {} },
  };
  return r;
}

const given = (level: 'warn' | 'exceeded', limit: number, over: object = {}) => ({
  level,
  at: at(-MIN),
  spent: limit,
  limit,
  unit: 'tokens' as const,
  interrupted: {},
  stopped: {},
  ...over,
});

type Row = {
  name: string;
  budgets: Partial<DaemonSettings['budgets']>;
  facts: Facts;
  now?: number;
  expect: string[];
};

/** Expected actions as `kind level/key/polecat` strings. */
const show = (a: Action) =>
  a.kind === 'budget-alert'
    ? `alert ${a.level} ${a.key}`
    : a.kind === 'budget-interrupt' || a.kind === 'budget-stop'
      ? `${a.kind.slice(7)} ${a.polecat}`
      : a.kind;

const rows: Row[] = [
  { name: 'no budget set: nothing', budgets: {}, facts: { nux: { tokens: 10 ** 9 } }, expect: [] },
  {
    name: 'under warn_at: nothing',
    budgets: { attempt: { tokens: 1000 } },
    facts: { nux: { tokens: 799 } },
    expect: [],
  },
  {
    name: 'at 80%: a warning',
    budgets: { attempt: { tokens: 1000 } },
    facts: { nux: { tokens: 800 } },
    expect: [`alert warn ${ATTEMPT}`],
  },
  {
    name: 'warning given once',
    budgets: { attempt: { tokens: 1000 } },
    facts: { nux: { tokens: 900 }, alerts: { [ATTEMPT]: given('warn', 1000) } },
    expect: [],
  },
  {
    name: 'at 100%: spent alert and Ctrl-C',
    budgets: { attempt: { tokens: 1000 } },
    facts: { nux: { tokens: 1000 }, alerts: { [ATTEMPT]: given('warn', 1000) } },
    expect: [`alert exceeded ${ATTEMPT}`, 'interrupt nux'],
  },
  {
    name: 'interrupted, still working, within stop_after: wait',
    budgets: { attempt: { tokens: 1000 }, stop_after: 30_000 },
    facts: {
      nux: { tokens: 1200 },
      alerts: { [ATTEMPT]: given('exceeded', 1000, { interrupted: { [KEY]: at(-10_000) } }) },
    },
    expect: [],
  },
  {
    name: 'interrupted, still working past stop_after: stop',
    budgets: { attempt: { tokens: 1000 }, stop_after: 30_000 },
    facts: {
      nux: { tokens: 1200 },
      alerts: { [ATTEMPT]: given('exceeded', 1000, { interrupted: { [KEY]: at(-40_000) } }) },
    },
    expect: ['stop nux'],
  },
  {
    name: 'interrupted and idle since: left alone',
    budgets: { attempt: { tokens: 1000 }, stop_after: 30_000 },
    facts: {
      polecats: [{ ...NUX, state: 'idle' }],
      nux: { tokens: 1200 },
      alerts: { [ATTEMPT]: given('exceeded', 1000, { interrupted: { [KEY]: at(-40_000) } }) },
    },
    expect: [],
  },
  {
    name: 'policy interrupt: never stopped',
    budgets: { attempt: { tokens: 1000 }, on_exceed: 'interrupt', stop_after: 30_000 },
    facts: {
      nux: { tokens: 1200 },
      alerts: { [ATTEMPT]: given('exceeded', 1000, { interrupted: { [KEY]: at(-40_000) } }) },
    },
    expect: [],
  },
  {
    name: 'policy stop: stopped at once',
    budgets: { attempt: { tokens: 1000 }, on_exceed: 'stop' },
    facts: { nux: { tokens: 1000 } },
    expect: [`alert exceeded ${ATTEMPT}`, 'stop nux'],
  },
  {
    name: 'stopped already: nothing more',
    budgets: { attempt: { tokens: 1000 }, on_exceed: 'stop' },
    facts: {
      nux: { tokens: 1500 },
      alerts: { [ATTEMPT]: given('exceeded', 1000, { stopped: { [KEY]: at(-MIN) } }) },
    },
    expect: [],
  },
  {
    name: 'a limit raised since the alert: the old alert does not count',
    budgets: { attempt: { tokens: 2000 } },
    facts: { nux: { tokens: 1700 }, alerts: { [ATTEMPT]: given('exceeded', 1000) } },
    expect: [`alert warn ${ATTEMPT}`],
  },
  {
    name: 'a done polecat is not interrupted',
    budgets: { issue: { tokens: 1000 } },
    facts: { polecats: [{ ...NUX, state: 'done' }], nux: { tokens: 1000 } },
    expect: ['alert exceeded issue:web-a'],
  },
  {
    name: 'issue budget in dollars: estimated cost counts',
    budgets: { issue: { usd: 2 } },
    facts: { nux: { tokens: 10, usd: 1.7 } },
    expect: ['alert warn issue:web-a'],
  },
  {
    name: "the rig's day: every live polecat under it is interrupted",
    budgets: { rig_day: { usd: 1 } },
    facts: {
      polecats: [NUX, polecat('max', { issue: 'web-b', state: 'waiting' })],
      nux: { tokens: 10, usd: 0.4 },
      rigDay: { tokens: 20, usd: 1.1 },
    },
    expect: ['alert exceeded rig_day:2026-03-01', 'interrupt nux', 'interrupt max'],
  },
  {
    name: "an overridden issue has its own limit and is out of the rig's day",
    budgets: { rig_day: { usd: 1 }, attempt: { tokens: 1000 } },
    facts: {
      polecats: [NUX, polecat('max', { issue: 'web-b', state: 'working' })],
      nux: { tokens: 1500, usd: 0.4 },
      rigDay: { tokens: 2000, usd: 1.1 },
      overrides: { 'web-a': { limit: { tokens: 5000 }, by: 'overseer', at: at(-MIN) } },
    },
    expect: ['alert exceeded rig_day:2026-03-01', 'interrupt max'],
  },
];

describe('decideBudgets', () => {
  for (const r of rows)
    it(r.name, () => {
      const s = snap({ rigs: [budgetRig(r.facts)], settings: (x) => Object.assign(x.budgets, r.budgets) });
      expect(decideBudgets(s, r.now ?? T0).map(show)).toEqual(r.expect);
    });
});

describe('no new spending under a spent budget', () => {
  const spawn = (issue: string): Action => ({
    kind: 'spawn',
    rig: 'web',
    issue,
    chain: 'c',
    tier: { name: 't0', preset: 'claude' } as never,
    attempt: 1,
    reason: 'ready',
  });
  const nudge: Action = {
    kind: 'nudge',
    rig: 'web',
    polecat: 'nux',
    session: 's',
    text: 't',
    nudge: 1,
    about: 'idle',
    reason: 'idle',
  };
  type BRow = { name: string; budgets: Partial<DaemonSettings['budgets']>; facts: Facts; kept: string[] };
  const brows: BRow[] = [
    {
      name: 'no budgets: all kept',
      budgets: {},
      facts: { nux: { tokens: 10 ** 9 } },
      kept: ['web-a', 'web-b', 'nudge'],
    },
    {
      name: "rig's day spent: no spawn in the rig, no nudge",
      budgets: { rig_day: { tokens: 100 } },
      facts: { nux: { tokens: 100 } },
      kept: [],
    },
    {
      name: 'issue spent: that issue only (the next tier too)',
      budgets: { issue: { tokens: 100 } },
      facts: { nux: { tokens: 150 } },
      kept: ['web-b'],
    },
    {
      name: 'attempt spent: no nudge to go on',
      budgets: { attempt: { tokens: 100 } },
      facts: { nux: { tokens: 150 } },
      kept: ['web-a', 'web-b'],
    },
    {
      name: 'override raises the issue above its spend: it goes on despite the spent day',
      budgets: { rig_day: { tokens: 100 } },
      facts: {
        nux: { tokens: 150 },
        overrides: { 'web-a': { limit: { tokens: 1000 }, by: 'o', at: at(0) } },
      },
      kept: ['web-a', 'nudge'],
    },
  ];
  for (const r of brows)
    it(r.name, () => {
      const s = snap({ rigs: [budgetRig(r.facts)], settings: (x) => Object.assign(x.budgets, r.budgets) });
      const kept = withoutBudgetedWork(s, [spawn('web-a'), spawn('web-b'), nudge]);
      expect(kept.map((a) => (a.kind === 'spawn' ? a.issue : a.kind))).toEqual(r.kept);
    });

  it('says which budget blocks and what was spent', () => {
    const s = snap({
      rigs: [budgetRig({ nux: { tokens: 10, usd: 1.25 } })],
      settings: (x) => (x.budgets.rig_day = { usd: 1 }),
    });
    expect(budgetBlock(s.rigs[0]!, s.settings.budgets, 'web-b')).toBe(
      'the daily budget of rig web is spent: $1.25 (estimated) of $1.00',
    );
  });
});
