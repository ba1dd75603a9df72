import { describe, expect, it } from 'vitest';
import { daemonView, staleAfterMs, staleNote } from '../../src/town/daemon-view.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('how current the state files are', () => {
  it.each([
    ['no daemon process, no heartbeat', undefined, false, 'off'],
    ['no daemon process, an old heartbeat (it stopped or crashed)', { at: NOW - 60_000 }, false, 'off'],
    ['a daemon whose last tick is recent', { at: NOW - 2_000, tickIntervalMs: 5000 }, true, 'running'],
    ['a daemon just past three ticks and 10s', { at: NOW - 25_001, tickIntervalMs: 5000 }, true, 'stale'],
    ['a daemon with fast ticks, 11s quiet', { at: NOW - 11_000, tickIntervalMs: 200 }, true, 'stale'],
    ['a daemon that never wrote a heartbeat', undefined, true, 'stale'],
  ] as const)('%s → %s', (_name, hb, alive, want) => {
    expect(daemonView(hb, alive, NOW).status).toBe(want);
  });

  it('stale after three tick intervals plus 10s', () => {
    expect(staleAfterMs(5000)).toBe(25_000);
    expect(staleAfterMs()).toBe(25_000);
  });

  it('says since when, or nothing when current', () => {
    const at = NOW - 4 * 60_000;
    expect(staleNote({ status: 'stale', lastTickAt: at }, NOW)).toMatch(
      /^stale since \d\d:\d\d:\d\d \(4m ago\): the daemon runs but has not ticked since$/,
    );
    expect(staleNote({ status: 'running', lastTickAt: at }, NOW)).toBe('');
    expect(staleNote({ status: 'stale' }, NOW)).toBe('stale: the daemon runs but has not ticked yet');
  });
});
