import { describe, expect, it } from 'vitest';
import { deriveState, readScreen, type StateInputs } from '../../src/agents/state/derive.js';

const NOW = Date.parse('2025-01-01T12:30:00Z');
const min = 60_000;
const rules = {
  busy: [/esc to interrupt/],
  waiting: [/Do you want to proceed\? \(y\/n\)/],
  promptMarker: '❯',
  tailLines: 4,
};
const at = (msAgo: number) => new Date(NOW - msAgo).toISOString();

function inputs(over: Partial<StateInputs> = {}): StateInputs {
  return {
    current: { state: 'working', source: 'pattern', reason: 'x', since: at(10 * min) },
    createdAt: at(20 * min),
    session: 'ov-web-nux',
    observed: { kind: 'alive', paneTail: 'hello\n⠋ Working… (esc to interrupt)', activityAt: NOW - 5_000 },
    rules,
    stuckAfterMs: 15 * min,
    ...over,
  };
}

const alive = (paneTail: string, quietMs = 5_000) => ({
  kind: 'alive' as const,
  paneTail,
  activityAt: NOW - quietMs,
});

describe('deriveState', () => {
  const cases: [string, Partial<StateInputs>, { state: string; source: string; reason: string | RegExp }][] =
    [
      [
        'done stays done whatever the pane shows',
        {
          current: {
            state: 'done',
            source: 'lifecycle',
            reason: 'done: merge request web-1 queued',
            since: at(min),
          },
          observed: { kind: 'missing' },
        },
        { state: 'done', source: 'lifecycle', reason: 'done: merge request web-1 queued' },
      ],
      [
        'a vanished session is dead',
        { observed: { kind: 'missing' } },
        { state: 'dead', source: 'daemon', reason: 'tmux session ov-web-nux is gone' },
      ],
      [
        'a polecat still being spawned has no session yet: not dead',
        {
          current: {
            state: 'spawning',
            source: 'lifecycle',
            reason: 'spawn: creating worktree',
            since: at(0),
          },
          createdAt: at(0),
          observed: { kind: 'missing' },
        },
        { state: 'spawning', source: 'lifecycle', reason: 'spawn: creating worktree' },
      ],
      [
        'an exited agent is dead with its status',
        { observed: { kind: 'dead', exitStatus: 3, exitSignal: null } },
        { state: 'dead', source: 'daemon', reason: 'agent exited with status 3' },
      ],
      [
        'a signalled agent is dead with its signal',
        { observed: { kind: 'dead', exitStatus: null, exitSignal: 9 } },
        { state: 'dead', source: 'daemon', reason: 'agent killed by signal 9' },
      ],
      [
        'the waiting question is the reason',
        { observed: alive('● Permission needed: Edit x\nDo you want to proceed? (y/n)') },
        { state: 'waiting', source: 'pattern', reason: 'pattern "Do you want to proceed? (y/n)"' },
      ],
      [
        'busy pattern means working',
        {},
        { state: 'working', source: 'pattern', reason: 'pattern "esc to interrupt"' },
      ],
      [
        'busy but silent past stuck_after is stuck',
        { observed: alive('⠋ Thinking… (esc to interrupt)', 16 * min) },
        { state: 'stuck', source: 'activity', reason: 'no output for 16m (pattern "esc to interrupt")' },
      ],
      [
        'prompt marker on the last line is idle',
        { observed: alive('● did it\n\n❯ ') },
        { state: 'idle', source: 'pattern', reason: 'prompt "❯" shown' },
      ],
      [
        'an old question scrolled out of the tail no longer counts',
        { observed: alive('Do you want to proceed? (y/n) y\na\nb\nc\n⠋ Working… (esc to interrupt)') },
        { state: 'working', source: 'pattern', reason: 'pattern "esc to interrupt"' },
      ],
      [
        'hook Stop says idle',
        { hook: { event: 'Stop', state: 'idle', at: at(2_000) }, observed: alive('something', 10_000) },
        { state: 'idle', source: 'hook', reason: /^hook Stop \d\d:\d\d$/ },
      ],
      [
        'a hook is overridden by busy output after it',
        {
          hook: { event: 'Stop', state: 'idle', at: at(60_000) },
          observed: alive('⠋ Working… (esc to interrupt)', 1_000),
        },
        { state: 'working', source: 'pattern', reason: 'pattern "esc to interrupt"' },
      ],
      [
        'hook working yields to a waiting question on screen',
        {
          hook: { event: 'UserPromptSubmit', state: 'working', at: at(min) },
          observed: alive('Do you want to proceed? (y/n)'),
        },
        { state: 'waiting', source: 'pattern', reason: /Do you want to proceed/ },
      ],
      [
        'hook working without output for long is stuck',
        {
          hook: { event: 'UserPromptSubmit', state: 'working', at: at(30 * min) },
          observed: alive('x', 20 * min),
        },
        { state: 'stuck', source: 'activity', reason: /^no output for 20m \(hook UserPromptSubmit/ },
      ],
      [
        'hook Notification carries its message',
        {
          hook: {
            event: 'Notification',
            state: 'waiting',
            at: at(1_000),
            message: 'Claude needs your permission to use Bash',
          },
          observed: alive('x', 2_000),
        },
        {
          state: 'waiting',
          source: 'hook',
          reason: /^hook Notification \d\d:\d\d: Claude needs your permission/,
        },
      ],
      [
        'booting agent without recognisable output stays spawning',
        {
          current: { state: 'spawning', source: 'lifecycle', reason: 'session started', since: at(5_000) },
          createdAt: at(5_000),
          observed: alive('Welcome!'),
        },
        { state: 'spawning', source: 'lifecycle', reason: 'session started' },
      ],
      [
        'unknown screen with recent output is working',
        { observed: alive('compiling stuff') },
        { state: 'working', source: 'activity', reason: 'output in the last minute' },
      ],
      [
        'unknown screen, quiet a while, still presumed working',
        { observed: alive('compiling', 3 * min) },
        { state: 'working', source: 'activity', reason: 'no output for 3m' },
      ],
      [
        'unknown screen, quiet past stuck_after, is stuck',
        { observed: alive('compiling', 14 * min), stuckAfterMs: 10 * min },
        { state: 'stuck', source: 'activity', reason: 'no output for 14m' },
      ],
      [
        'operator stop stays dead',
        {
          current: { state: 'dead', source: 'operator', reason: 'stopped by overseer', since: at(min) },
          observed: { kind: 'missing' },
        },
        { state: 'dead', source: 'operator', reason: 'stopped by overseer' },
      ],
    ];
  for (const [name, over, want] of cases) {
    it(name, () => {
      const got = deriveState(inputs(over), NOW);
      expect(got.state).toBe(want.state);
      expect(got.source).toBe(want.source);
      if (typeof want.reason === 'string') expect(got.reason).toBe(want.reason);
      else expect(got.reason).toMatch(want.reason);
    });
  }
});

describe('readScreen', () => {
  it('reads a prompt marker inside a box', () => {
    expect(readScreen('│ > │', { ...rules, promptMarker: '>' })?.state).toBe('idle');
  });
  it('matches nothing on an empty pane', () => {
    expect(readScreen('\n\n', rules)).toBeUndefined();
  });
});
