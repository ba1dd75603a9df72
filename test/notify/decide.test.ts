import { describe, expect, it } from 'vitest';
import {
  type NotifyConfig,
  NotifyConfigFile,
  type ResolvedChannel,
  resolveNotifyConfig,
} from '../../src/daemon/notify/config.js';
import {
  type NotifyState,
  decideNotify,
  emptyNotifyState,
  primeNotifyState,
} from '../../src/daemon/notify/decide.js';
import { type NotifyItem, daemonDiedItem } from '../../src/daemon/notify/items.js';
import { inQuietHours } from '../../src/daemon/notify/quiet-hours.js';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const MIN = 60_000;
const DAEMON = (c: ResolvedChannel): boolean => c.type !== 'bell';
const BELL = (c: ResolvedChannel): boolean => c.type === 'bell';

function cfg(raw: object): NotifyConfig {
  return resolveNotifyConfig(NotifyConfigFile.parse(raw));
}
const hook = (extra: object = {}) => ({ type: 'webhook', url: 'http://127.0.0.1:9/h', ...extra });

function item(kind: NotifyItem['kind'], subject: string): NotifyItem {
  return {
    key: `${kind}:web/${subject}`,
    kind,
    rig: 'web',
    subject,
    title: `${kind} web/${subject}`,
    reason: 'why',
    since: new Date(T0 - 10 * MIN).toISOString(),
  };
}

/** Run the decision over a series of ticks; returns the keys sent at each. */
function run(
  config: NotifyConfig,
  ticks: { at: number; open: NotifyItem[] }[],
  handles = DAEMON,
  state: NotifyState = emptyNotifyState(),
): string[][] {
  const out: string[][] = [];
  for (const t of ticks) {
    const d = decideNotify(t.open, state, config, t.at, handles);
    state = d.state;
    out.push(d.sends.map((s) => `${s.channel}:${s.item.key}`));
  }
  return out;
}

describe('decideNotify', () => {
  const bob = item('waiting', 'bob');
  const cat = item('failed', 'web-7');
  const one = cfg({ channels: [hook()] });

  it.each([
    [
      'one send per open item, none while it stays open',
      one,
      [
        { at: T0, open: [bob] },
        { at: T0 + MIN, open: [bob] },
        { at: T0 + 2 * MIN, open: [bob] },
      ],
      [['webhook:waiting:web/bob'], [], []],
    ],
    [
      'a second send only after the item resolved and recurred',
      one,
      [
        { at: T0, open: [bob] },
        { at: T0 + MIN, open: [] },
        { at: T0 + 2 * MIN, open: [bob] },
        { at: T0 + 3 * MIN, open: [bob] },
      ],
      [['webhook:waiting:web/bob'], [], ['webhook:waiting:web/bob'], []],
    ],
    [
      'every channel gets its own send',
      cfg({ channels: [hook(), { type: 'command', command: ['x'] }] }),
      [{ at: T0, open: [bob] }],
      [['webhook:waiting:web/bob', 'command:waiting:web/bob']],
    ],
    [
      'a channel takes only its kinds',
      cfg({ channels: [hook({ events: ['failed'] })] }),
      [{ at: T0, open: [bob, cat] }],
      [['webhook:failed:web/web-7']],
    ],
    [
      'nothing when notifications are disabled',
      cfg({ enabled: false, channels: [hook()] }),
      [{ at: T0, open: [bob] }],
      [[]],
    ],
  ] as const)('%s', (_what, config, ticks, want) => {
    expect(run(config, ticks as never)).toEqual(want);
  });

  it('rate limit: a burst of 6 items on max 2 per 10m sends 2, the rest as room frees, oldest first', () => {
    const config = cfg({ channels: [hook({ rate_limit: { max: 2, per: '10m' } })] });
    const burst = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => item('waiting', n));
    const sent = run(config, [
      { at: T0, open: burst },
      { at: T0 + MIN, open: burst },
      { at: T0 + 9 * MIN, open: burst },
      { at: T0 + 10 * MIN, open: burst },
      { at: T0 + 11 * MIN, open: burst.slice(3) },
    ]);
    expect(sent.map((s) => s.length)).toEqual([2, 0, 0, 2, 0]);
    expect(sent[0]).toEqual(['webhook:waiting:web/a', 'webhook:waiting:web/b']);
    expect(sent[3]).toEqual(['webhook:waiting:web/c', 'webhook:waiting:web/d']);
    // a-c resolved at 11m; e and f wait for room until the sends of 10m leave the window at 20m.
    const later = run(
      config,
      [{ at: T0 + 20 * MIN, open: burst.slice(4) }],
      DAEMON,
      stateAfter(config, burst),
    );
    expect(later[0]).toEqual(['webhook:waiting:web/e', 'webhook:waiting:web/f']);
  });

  it('rate limits are per channel', () => {
    const config = cfg({
      channels: [hook({ rate_limit: { max: 1, per: '1h' } }), { type: 'command', command: ['x'] }],
    });
    const [sent] = run(config, [{ at: T0, open: [item('waiting', 'a'), item('waiting', 'b')] }]);
    expect(sent).toEqual(['webhook:waiting:web/a', 'command:waiting:web/a', 'command:waiting:web/b']);
  });

  it('holds during quiet hours (crossing midnight) and sends what is still open when they end', () => {
    const config = cfg({ quiet_hours: { from: '22:00', to: '07:00', timezone: 'UTC' }, channels: [hook()] });
    const at = (hhmm: string) => Date.parse(`2026-03-02T${hhmm}:00Z`);
    const d1 = decideNotify([bob, cat], emptyNotifyState(), config, at('23:30'), DAEMON);
    expect(d1.sends).toEqual([]);
    expect(d1.holds.map((h) => [h.item.key, h.why])).toEqual([
      ['waiting:web/bob', 'quiet'],
      ['failed:web/web-7', 'quiet'],
    ]);
    // Held once: a later tick in the quiet hours reports no new hold.
    const d2 = decideNotify([bob, cat], d1.state, config, at('03:00'), DAEMON);
    expect(d2.holds).toEqual([]);
    // cat resolved during the night: only bob goes out at 07:00.
    const d3 = decideNotify([bob], d2.state, config, at('07:00'), DAEMON);
    expect(d3.sends.map((s) => s.item.key)).toEqual(['waiting:web/bob']);
  });

  it('a channel can ignore the quiet hours', () => {
    const config = cfg({
      quiet_hours: { from: '00:00', to: '23:59', timezone: 'UTC' },
      channels: [hook(), { type: 'command', command: ['x'], quiet_hours: false }],
    });
    const [sent] = run(config, [{ at: Date.parse('2026-03-02T12:00:00Z'), open: [bob] }]);
    expect(sent).toEqual(['command:waiting:web/bob']);
  });

  it('the daemon never delivers the bell; the cockpit delivers only the bell', () => {
    const config = cfg({ channels: [{ type: 'bell' }, hook()] });
    expect(run(config, [{ at: T0, open: [bob] }], DAEMON)).toEqual([['webhook:waiting:web/bob']]);
    expect(run(config, [{ at: T0, open: [bob] }], BELL)).toEqual([['bell:waiting:web/bob']]);
  });

  it('a primed state (cockpit opening) rings only for items that appear afterwards', () => {
    const config = cfg({ channels: [{ type: 'bell' }] });
    const primed = primeNotifyState([bob], config, T0, BELL);
    expect(run(config, [{ at: T0 + 1000, open: [bob, cat] }], BELL, primed)).toEqual([
      ['bell:failed:web/web-7'],
    ]);
  });

  it('a one-shot item (the daemon died) stays pending until sent, then is dropped', () => {
    const config = cfg({ quiet_hours: { from: '22:00', to: '07:00', timezone: 'UTC' }, channels: [hook()] });
    const died = daemonDiedItem(4242, '2026-03-02T23:00:00.000Z', 'killed');
    const s0: NotifyState = { ...emptyNotifyState(), pending: [died] };
    const night = decideNotify([], s0, config, Date.parse('2026-03-02T23:10:00Z'), DAEMON);
    expect(night.sends).toEqual([]);
    expect(night.state.pending).toHaveLength(1);
    const morning = decideNotify([], night.state, config, Date.parse('2026-03-03T07:05:00Z'), DAEMON);
    expect(morning.sends.map((s) => s.item.kind)).toEqual(['daemon-died']);
    expect(morning.state.pending).toEqual([]);
    const next = decideNotify([], morning.state, config, Date.parse('2026-03-03T07:06:00Z'), DAEMON);
    expect(next.sends).toEqual([]);
  });
});

function stateAfter(config: NotifyConfig, burst: NotifyItem[]): NotifyState {
  let s = emptyNotifyState();
  for (const [at, open] of [
    [T0, burst],
    [T0 + 10 * MIN, burst],
    [T0 + 11 * MIN, burst.slice(3)],
  ] as const)
    s = decideNotify(open, s, config, at, DAEMON).state;
  return s;
}

describe('inQuietHours', () => {
  const q = (from: string, to: string) => ({ from, to, timezone: 'UTC' });
  const at = (hhmm: string) => Date.parse(`2026-03-02T${hhmm}:00Z`);
  it.each([
    ['22:00', '07:00', '23:59', true],
    ['22:00', '07:00', '00:00', true],
    ['22:00', '07:00', '06:59', true],
    ['22:00', '07:00', '07:00', false],
    ['22:00', '07:00', '21:59', false],
    ['22:00', '07:00', '22:00', true],
    ['12:00', '13:00', '12:30', true],
    ['12:00', '13:00', '13:30', false],
    ['08:00', '08:00', '08:00', false],
  ])('%s-%s at %s: %s', (from, to, now, want) => {
    expect(inQuietHours(q(from, to), at(now))).toBe(want);
  });
  it('reads the time in the given zone', () => {
    // 21:30 UTC is 22:30 in Berlin (winter): quiet there, not in UTC.
    const now = Date.parse('2026-01-10T21:30:00Z');
    expect(inQuietHours({ from: '22:00', to: '07:00', timezone: 'Europe/Berlin' }, now)).toBe(true);
    expect(inQuietHours({ from: '22:00', to: '07:00', timezone: 'UTC' }, now)).toBe(false);
  });
});

describe('notify.yaml', () => {
  it.each([
    [{ channels: [{ type: 'webhook', url: 'ftp://x' }] }, /url/],
    [{ channels: [{ type: 'command', command: 'notify.sh --x' }] }, /command/],
    [{ channels: [{ type: 'pager' }] }, /type/],
    [{ quiet_hours: { from: '25:00', to: '07:00' } }, /time of day/],
    [{ quiet_hours: { from: '22:00', to: '07:00', timezone: 'Mars/Base' } }, /time zone/],
    [{ channels: [{ type: 'bell', events: ['lunch'] }] }, /events/],
  ])('refuses %j', (raw, msg) => {
    const r = NotifyConfigFile.safeParse(raw);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(msg);
  });
  it('names repeated channels apart and applies the town rate limit', () => {
    const c = cfg({
      rate_limit: { max: 3, per: '1m' },
      channels: [hook(), hook({ rate_limit: { max: 1, per: '1h' } })],
    });
    expect(c.channels.map((ch) => [ch.name, ch.rateLimit.max])).toEqual([
      ['webhook', 3],
      ['webhook2', 1],
    ]);
  });
});
