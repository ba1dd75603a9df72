import { describe, expect, it } from 'vitest';
import { deriveState, readScreen, type StateInputs, type StateRules } from '../../src/agents/state/derive.js';

const NOW = Date.parse('2025-01-01T12:30:00Z');
const min = 60_000;
const rules: StateRules = {
  busy: [/esc to interrupt/],
  waiting: [/Do you want to proceed\? \(y\/n\)/],
  errors: [
    { kind: 'rate_limit', pattern: /API Error: 429/ },
    { kind: 'overloaded', pattern: /API Error: 529|overloaded_error/ },
    { kind: 'auth', pattern: /API Error: 401/ },
    { kind: 'network', pattern: /API Error: Connection error/ },
  ],
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

const spawning = (sinceMs: number): StateInputs['current'] => ({
  state: 'spawning',
  source: 'lifecycle',
  reason: 'session started',
  since: at(sinceMs),
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
        'spawning with no session yet (the spawn is starting it) stays spawning within the grace',
        {
          current: {
            state: 'spawning',
            source: 'lifecycle',
            reason: 'spawn: creating worktree',
            since: at(2_000),
          },
          observed: { kind: 'missing' },
        },
        { state: 'spawning', source: 'lifecycle', reason: 'spawn: creating worktree' },
      ],
      [
        'spawning with no session past the grace is dead',
        {
          current: {
            state: 'spawning',
            source: 'lifecycle',
            reason: 'spawn: creating worktree',
            since: at(2 * min),
          },
          observed: { kind: 'missing' },
        },
        { state: 'dead', source: 'daemon', reason: 'tmux session ov-web-nux is gone' },
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
        'a question on screen beats a hook that says the turn ended (Codex notify during an approval)',
        {
          hook: { event: 'agent-turn-complete', state: 'idle', at: at(2_000) },
          observed: alive('Do you want to proceed? (y/n)', 10_000),
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
        'booting agent still drawing its first screen stays spawning',
        { current: spawning(5_000), createdAt: at(5_000), observed: alive('Welcome!', 1_000) },
        { state: 'spawning', source: 'lifecycle', reason: 'session started' },
      ],
      [
        'nothing on screen yet, 30s after spawn: spawning',
        { current: spawning(30_000), createdAt: at(30_000), observed: alive('', 30_000) },
        { state: 'spawning', source: 'lifecycle', reason: 'session started' },
      ],
      [
        "a first screen no pattern knows, unchanged 4s (Codex's sign-in menu): waiting, with its last line",
        {
          current: spawning(6_000),
          createdAt: at(6_000),
          observed: alive(
            'Sign in with ChatGPT\n> 1. Sign in\n  2. Provide your own API key\nPress enter to continue',
            4_000,
          ),
        },
        {
          state: 'waiting',
          source: 'activity',
          reason: 'first screen stands still and no pattern knows it: "Press enter to continue"',
        },
      ],
      [
        "45s on Gemini's trust dialog is waiting, not spawning",
        {
          current: spawning(45_000),
          createdAt: at(45_000),
          observed: alive('Do you trust the files in this folder?\n● 1. Trust folder', 43_000),
        },
        { state: 'waiting', source: 'activity', reason: /^first screen stands still/ },
      ],
      [
        'still on that first screen later: still waiting (not stuck)',
        {
          current: { state: 'waiting', source: 'activity', reason: 'first screen…', since: at(5 * min) },
          createdAt: at(6 * min),
          observed: alive('  2. Do not trust', 6 * min),
          stuckAfterMs: 2 * min,
        },
        { state: 'waiting', source: 'activity', reason: /^first screen stands still/ },
      ],
      [
        'the first screen answered and output flowing: working',
        {
          current: { state: 'waiting', source: 'activity', reason: 'first screen…', since: at(5 * min) },
          createdAt: at(6 * min),
          observed: alive('Trusted. Loading the project', 1_000),
        },
        { state: 'working', source: 'activity', reason: 'output in the last minute' },
      ],
      [
        'a first screen still changing 12s after spawn is working, not spawning',
        { current: spawning(12_000), createdAt: at(12_000), observed: alive('Loading ▆', 500) },
        { state: 'working', source: 'activity', reason: 'output in the last minute' },
      ],
      [
        'a respawned session counts from its own start, not the polecat birth',
        { current: spawning(2_000), createdAt: at(60 * min), observed: alive('Welcome!', 500) },
        { state: 'spawning', source: 'lifecycle', reason: 'session started' },
      ],
      [
        'a rate limit on screen is an error with its kind',
        { observed: alive('● Reading\n  ⎿ API Error: 429 {"type":"rate_limit_error"}\n\n❯ ') },
        {
          state: 'error',
          source: 'pattern',
          reason: 'rate limit: "⎿ API Error: 429 {"type":"rate_limit_error"}"',
        },
      ],
      [
        'overloaded, authentication and network errors each have their kind',
        { observed: alive('API Error: 529 {"type":"error","error":{"type":"overloaded_error"}}') },
        { state: 'error', source: 'pattern', reason: /^model overloaded: "API Error: 529/ },
      ],
      [
        'a busy line below an error: working again',
        { observed: alive('API Error: 401 invalid key\n● Retrying\n⠋ Working… (esc to interrupt)') },
        { state: 'working', source: 'pattern', reason: 'pattern "esc to interrupt"' },
      ],
      [
        'an error below a busy line: error',
        { observed: alive('⠋ Working… (esc to interrupt)\nAPI Error: Connection error.') },
        { state: 'error', source: 'pattern', reason: 'network failure: "API Error: Connection error."' },
      ],
      [
        'an error on screen beats the hook that says its turn ended',
        {
          hook: { event: 'Stop', state: 'idle', at: at(2_000) },
          observed: alive('API Error: 429 rate limited\n❯ ', 10_000),
        },
        { state: 'error', source: 'pattern', reason: /^rate limit:/ },
      ],
      [
        'an error on screen beats a working hook',
        {
          hook: { event: 'UserPromptSubmit', state: 'working', at: at(min) },
          observed: alive('API Error: 529 overloaded'),
        },
        { state: 'error', source: 'pattern', reason: /^model overloaded:/ },
      ],
      [
        'a question beats an error',
        { observed: alive('API Error: 429\nDo you want to proceed? (y/n)') },
        { state: 'waiting', source: 'pattern', reason: /Do you want to proceed/ },
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
