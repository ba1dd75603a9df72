import { describe, expect, it } from 'vitest';
import type { RigView, StoreSnapshot } from '../../src/store/types.js';
import type { RigResources } from '../../src/town/schemas/resources.js';
import { activityChanged } from '../../src/ui/selectors/activity.js';
import { polecat } from '../support/store.js';

const rig: RigView = { name: 'web', issues: new Map(), polecats: [polecat('ace')], attempts: new Map() };
const base: StoreSnapshot = {
  seq: 1,
  root: '/town',
  loading: false,
  townBeads: new Map(),
  events: [],
  rigs: [rig],
  paneActivity: new Map(),
  errors: [],
};
const sample = (cpu: number) => ({ polecats: { ace: { cpu } } }) as unknown as RigResources;
const withRig = (over: Partial<RigView>): StoreSnapshot => ({ ...base, seq: 2, rigs: [{ ...rig, ...over }] });

// The cockpit's clock goes to its slow pace after 30 s without activity; these decide what activity is.
describe('activityChanged: what keeps the cockpit clock at its fast pace', () => {
  it.each<[string, StoreSnapshot, boolean]>([
    ['the same snapshot', base, false],
    ['a new snapshot with the same parts (only its count moved)', { ...base, seq: 2 }, false],
    ['new CPU and memory samples (resources.json)', withRig({ resources: sample(3) }), false],
    ['the same rigs in a new array', { ...base, seq: 2, rigs: [...base.rigs] }, false],
    ['a polecat state changed', withRig({ polecats: [polecat('ace', { state: 'waiting' })] }), true],
    ['samples and a polecat state together', withRig({ resources: sample(3), polecats: [] }), true],
    ['an event appended', { ...base, seq: 2, events: [...base.events] }, true],
    ['pane output seen', { ...base, seq: 2, paneActivity: new Map([['s', 1]]) }, true],
    ['a rig added', { ...base, seq: 2, rigs: [rig, { ...rig, name: 'api' }] }, true],
    ['a file error', { ...base, seq: 2, errors: [{ file: 'f', message: 'bad' }] }, true],
    ['a part the snapshot did not have', { ...base, seq: 2, paused: { all: true } as never }, true],
    ['a part added to a rig', withRig({ crew: ['x'] }), true],
  ])('%s → %s', (_what, next, changed) => {
    expect(activityChanged(base, next)).toBe(changed);
  });
});
