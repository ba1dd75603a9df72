import { describe, expect, it } from 'vitest';
import { decideTick } from '../../src/daemon/decide/tick.js';
import { decideWitness } from '../../src/daemon/decide/witness.js';
import type { PauseState } from '../../src/town/pause.js';
import { T0, at, issue, kinds, polecat, rig, snap } from '../support/decide-data.js';

const entry = { at: at(0), by: 'overseer', reason: 'emergency stop' };
const all = (s: ReturnType<typeof snap>) => decideTick(s, T0).flatMap((x) => x.actions);

/** Rigs web (dispatching a ready issue, a crashed polecat to respawn) and api (the same). */
function town(paused?: PauseState) {
  const r = (name: string) =>
    rig({
      name,
      config: { dispatch: true, beads: { prefix: name } },
      issues: [issue(`${name}-1`), issue(`${name}-2`)],
      polecats: [
        polecat('ace', {
          rig: name,
          issue: `${name}-2`,
          state: 'dead',
          state_source: 'daemon',
          session: `ov-${name}-ace`,
        }),
      ],
    });
  const s = snap({ rigs: [r('web'), r('api')] });
  return paused ? { ...s, paused } : s;
}

describe('the emergency stop pause in the tick', () => {
  it.each([
    ['nothing paused', undefined, { web: ['respawn', 'spawn'], api: ['respawn', 'spawn'] }],
    ['the whole town paused', { version: 1, all: entry, rigs: {} }, { web: [], api: [] }],
    ['rig web paused', { version: 1, rigs: { web: entry } }, { web: [], api: ['respawn', 'spawn'] }],
  ] as const)('%s', (_what, paused, want) => {
    const acts = all(town(paused as PauseState | undefined)).filter(
      (a) => a.kind === 'spawn' || a.kind === 'respawn',
    );
    const by = (r: string) => kinds(acts.filter((a) => 'rig' in a && a.rig === r)).sort();
    expect({ web: by('web'), api: by('api') }).toEqual(want);
  });
});

describe('a polecat the operator stopped', () => {
  it('is neither respawned nor escalated by the witness', () => {
    const stopped = polecat('ace', {
      state: 'dead',
      state_source: 'operator',
      state_reason: 'stopped by overseer',
    });
    expect(
      decideWitness(snap({ rigs: [rig({ issues: [issue('web-1')], polecats: [stopped] })] }), T0),
    ).toEqual([]);
  });
});
