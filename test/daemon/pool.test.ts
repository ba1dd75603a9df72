import { describe, expect, it } from 'vitest';
import { decidePool } from '../../src/daemon/decide/pool.js';
import type { DaemonSnapshot } from '../../src/daemon/snapshot.js';
import { rig } from '../support/decide-data.js';

const snapOf = (rigs: ReturnType<typeof rig>[]) => ({ rigs }) as unknown as DaemonSnapshot;
const withPool = (name: string, pool: number | undefined, warm: number) => ({
  ...rig({ name, config: { warm_worktrees: warm } }),
  ...(pool === undefined ? {} : { pool }),
});

describe('decidePool: keep warm_worktrees ready per rig', () => {
  it.each([
    { case: 'empty pool, target 1', pool: 0, warm: 1, want: [{ have: 0, want: 1 }] },
    { case: 'full', pool: 1, warm: 1, want: [] },
    { case: 'one short of 3', pool: 2, warm: 3, want: [{ have: 2, want: 3 }] },
    { case: 'pool disabled, leftovers to trim', pool: 2, warm: 0, want: [{ have: 2, want: 0 }] },
    { case: 'pool disabled and empty', pool: 0, warm: 0, want: [] },
    { case: 'pool not gathered', pool: undefined, warm: 1, want: [] },
  ])('$case', ({ pool, warm, want }) => {
    const actions = decidePool(snapOf([withPool('web', pool, warm)]));
    expect(actions.map((a) => (a.kind === 'pool-refill' ? { have: a.have, want: a.want } : a))).toEqual(want);
    for (const a of actions) expect(a).toMatchObject({ kind: 'pool-refill', rig: 'web' });
  });

  it('decides per rig', () => {
    const actions = decidePool(
      snapOf([withPool('api', 0, 2), withPool('web', 1, 1), withPool('docs', 3, 1)]),
    );
    expect(actions.map((a) => (a.kind === 'pool-refill' ? a.rig : a.kind))).toEqual(['api', 'docs']);
    expect(actions[0]!.reason).toBe('pool holds 0 warm worktree(s), warm_worktrees is 2');
  });
});
