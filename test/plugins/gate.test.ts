import { describe, expect, it } from 'vitest';
import { applyPluginHooks } from '../../src/daemon/decide/plugin-hooks.js';
import { decideTick } from '../../src/daemon/decide/tick.js';
import { gate } from '../../src/plugins/gate.js';
import type { PluginInfo } from '../../src/town/plugins.js';
import type { Bead } from '../../src/town/schemas/bead.js';
import { type Invocation, PluginConfig, verdictOf } from '../../src/town/schemas/plugin.js';
import { T0, at, issue, mr, polecat, rig, snap } from '../support/decide-data.js';

const plugin = (invocations: Invocation[] = [], over: Partial<PluginInfo> = {}): PluginInfo => ({
  rig: 'web',
  name: 'gate',
  dir: '/town/web/plugins/gate',
  config: PluginConfig.parse({ hooks: ['before-merge'], timeout: '2m' }),
  runtime: { version: 1, rig: 'web', name: 'gate', updated_at: at(0), invocations },
  ...over,
});
const inv = (over: Partial<Invocation> = {}): Invocation => ({
  id: 'hq-req1',
  hook: 'before-merge',
  key: 'web-m1',
  sent_at: at(-60_000),
  deadline: at(60_000),
  status: 'pending',
  seen: [],
  ...over,
});
const reply = (id: string, title: string, offset: number, sender = 'web/plugins/gate'): Bead =>
  issue(id, {
    issue_type: 'message',
    title,
    sender,
    assignee: 'web/refinery',
    reply_to: 'hq-req1',
    created_at: at(offset),
  });
const mail = (...bs: Bead[]) => new Map(bs.map((b) => [b.id, b]));

describe('gate', () => {
  const table: [string, PluginInfo[], Bead[], number, boolean, string[], RegExp][] = [
    [
      'no plugin answers the hook',
      [plugin([], { config: PluginConfig.parse({ hooks: ['mr-ready'] }) })],
      [],
      T0,
      true,
      [],
      /no plugin/,
    ],
    [
      'a plugin with a problem is not asked',
      [plugin([], { problem: 'bad plugin.json' })],
      [],
      T0,
      true,
      [],
      /no plugin/,
    ],
    ['first time: ask, and wait', [plugin()], [], T0, false, ['invoke'], /asking plugin gate/],
    [
      'asked, no answer yet: wait',
      [plugin([inv()])],
      [],
      T0,
      false,
      [],
      /waiting for plugin gate's verdict \(60s left\)/,
    ],
    [
      'proceed: open, verdict recorded',
      [plugin([inv()])],
      [reply('hq-v1', 'proceed: fine', -1000)],
      T0,
      true,
      ['verdict'],
      /gate: proceed \(fine\)/,
    ],
    [
      'hold: closed',
      [plugin([inv()])],
      [reply('hq-v1', 'hold: wait for web-m2', -1000)],
      T0,
      false,
      ['verdict'],
      /held by plugin gate: wait for web-m2/,
    ],
    [
      'hold then proceed: the latest counts',
      [plugin([inv({ seen: ['hq-v1'] })])],
      [reply('hq-v1', 'hold', -2000), reply('hq-v2', 'proceed', -1000)],
      T0,
      true,
      ['verdict'],
      /proceed/,
    ],
    [
      'escalate: closed',
      [plugin([inv()])],
      [reply('hq-v1', 'escalate: humans', -1000)],
      T0,
      false,
      ['verdict'],
      /escalated by plugin gate/,
    ],
    [
      'the overseer may answer for it',
      [plugin([inv({ seen: ['hq-v1'] })])],
      [reply('hq-v1', 'hold', -2000), reply('hq-v9', 'proceed: go', -1000, 'overseer')],
      T0,
      true,
      ['verdict'],
      /proceed/,
    ],
    [
      'someone else cannot',
      [plugin([inv()])],
      [reply('hq-v1', 'proceed', -1000, 'web/polecats/nux')],
      T0,
      false,
      [],
      /waiting/,
    ],
    [
      'a reply without a verdict is not one',
      [plugin([inv()])],
      [reply('hq-v1', 'thinking about it', -1000)],
      T0,
      false,
      [],
      /waiting/,
    ],
    [
      'deadline passed: open, timeout recorded once',
      [plugin([inv()])],
      [],
      T0 + 61_000,
      true,
      ['timeout'],
      /no verdict from plugin gate .*: proceeding/,
    ],
    [
      'timeout already recorded',
      [plugin([inv({ status: 'timed-out' })])],
      [],
      T0 + 61_000,
      true,
      [],
      /proceeding/,
    ],
    [
      'an already seen verdict is not recorded again',
      [plugin([inv({ seen: ['hq-v1'], status: 'answered' })])],
      [reply('hq-v1', 'hold', -1000)],
      T0,
      false,
      [],
      /held/,
    ],
  ];
  it.each(table)('%s', (_n, plugins, mails, now, open, needs, reason) => {
    const g = gate(plugins, 'before-merge', 'web-m1', mail(...mails), now);
    expect(g.open).toBe(open);
    expect(g.needs.map((n) => n.kind)).toEqual(needs);
    expect(g.reason).toMatch(reason);
  });

  it('a new key (the queue changed) asks again', () => {
    const g = gate(
      [plugin([inv({ status: 'answered', verdict: 'proceed' })])],
      'before-merge',
      'web-m1,web-m2',
      new Map(),
      T0,
    );
    expect(g.needs.map((n) => n.kind)).toEqual(['invoke']);
  });

  it('worker-stuck: escalate lets the escalation through', () => {
    const p = plugin([inv({ hook: 'worker-stuck' })], {
      config: PluginConfig.parse({ hooks: ['worker-stuck'] }),
    });
    const m = mail(reply('hq-v1', 'escalate', -1000));
    expect(gate([p], 'worker-stuck', 'web-m1', m, T0).open).toBe(false);
    expect(gate([p], 'worker-stuck', 'web-m1', m, T0, { escalateOpens: true }).open).toBe(true);
  });

  it('verdictOf reads the subject', () => {
    expect(verdictOf('Hold: wait')).toEqual({ verdict: 'hold', text: 'wait' });
    expect(verdictOf('proceed')).toEqual({ verdict: 'proceed', text: '' });
    expect(verdictOf('holding on')).toBeUndefined();
  });
});

describe('hook points in the tick', () => {
  const queuedRig = () => rig({ issues: [issue('web-1'), mr('web-m1', 'polecat/nux', 'web-1', 'queued')] });

  it('before-merge: the refinery waits while a plugin is asked, and runs once it proceeds', () => {
    const r = { ...queuedRig(), plugins: [plugin()] };
    const steps = decideTick(snap({ rigs: [r] }), T0);
    expect(steps[0]!.step).toBe('plugins');
    expect(steps[0]!.actions).toEqual([
      expect.objectContaining({
        kind: 'plugin-invoke',
        plugin: 'gate',
        hook: 'before-merge',
        key: 'web-m1',
        from: 'web/refinery',
      }),
    ]);
    expect(steps.flatMap((s) => s.actions).some((a) => a.kind === 'refinery')).toBe(false);

    const answered = { ...r, plugins: [plugin([inv()])] };
    const after = decideTick(
      snap({ rigs: [answered], townBeads: [reply('hq-v1', 'proceed', -1000)], lastGcAt: T0 }),
      T0,
    );
    expect(after.flatMap((s) => s.actions).map((a) => a.kind)).toEqual(['plugin-verdict', 'refinery']);
  });

  it('mr-ready: a held request is skipped, the others go on', () => {
    const p = plugin([inv({ hook: 'mr-ready', key: 'web-m1' })], {
      config: PluginConfig.parse({ hooks: ['mr-ready'] }),
    });
    const r = {
      ...rig({
        issues: [
          issue('web-1'),
          issue('web-2'),
          mr('web-m1', 'polecat/nux', 'web-1', 'queued'),
          mr('web-m2', 'polecat/slit', 'web-2', 'queued'),
        ],
      }),
      plugins: [p],
    };
    const steps = decideTick(snap({ rigs: [r], townBeads: [reply('hq-v1', 'hold', -1000)] }), T0);
    const all = steps.flatMap((s) => s.actions);
    // web-m2 has not been asked about yet: it waits too; web-m1 is held.
    expect(all.filter((a) => a.kind === 'plugin-invoke').map((a) => 'key' in a && a.key)).toEqual(['web-m2']);
    expect(all.some((a) => a.kind === 'refinery')).toBe(false);
  });

  it('before-dispatch and worker-stuck gate the dispatcher and the witness', () => {
    const p = plugin([], { config: PluginConfig.parse({ hooks: ['before-dispatch', 'worker-stuck'] }) });
    const r = {
      ...rig({ config: { dispatch: true }, issues: [issue('web-1')], polecats: [] }),
      plugins: [p],
    };
    const steps = applyPluginHooks(snap({ rigs: [r] }), T0, [
      {
        step: 'dispatcher',
        actions: [
          {
            kind: 'spawn',
            rig: 'web',
            issue: 'web-1',
            chain: 'c',
            tier: { name: 't', preset: 'scripted' } as never,
            attempt: 1,
            reason: 'ready',
          },
        ],
      },
      {
        step: 'witness',
        actions: [
          {
            kind: 'escalate',
            rig: 'web',
            about: 'stuck',
            polecat: 'nux',
            to: ['overseer'],
            subject: 's',
            body: 'b',
            reason: 'quiet',
          },
        ],
      },
    ]);
    // nux is not a polecat of the rig here: the escalation goes ahead; the spawn waits for the plugin.
    expect(steps.map((s) => [s.step, s.actions.map((a) => a.kind)])).toEqual([
      ['plugins', ['plugin-invoke']],
      ['dispatcher', []],
      ['witness', ['escalate']],
    ]);
    const withNux = { ...r, polecats: [polecat('nux')] };
    const stuck = applyPluginHooks(snap({ rigs: [withNux] }), T0, [
      {
        step: 'witness',
        actions: [
          {
            kind: 'escalate',
            rig: 'web',
            about: 'stuck',
            polecat: 'nux',
            to: ['overseer'],
            subject: 's',
            body: 'b',
            reason: 'quiet',
          },
        ],
      },
    ]);
    expect(stuck[0]!.actions).toEqual([
      expect.objectContaining({
        kind: 'plugin-invoke',
        hook: 'worker-stuck',
        key: 'nux:web-1',
        from: 'web/witness',
      }),
    ]);
    expect(stuck[1]!.actions).toEqual([]);
  });

  it('no plugins: the steps are untouched', () => {
    const s = snap();
    expect(decideTick(s, T0).map((x) => x.step)).not.toContain('plugins');
  });
});
