import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverCall, readLedger } from '../../src/polecats/outpost/deliver.js';
import type { AgentCall } from '../../src/runtime/remote/calls.js';
import { newCallId } from '../../src/runtime/remote/calls.js';
import { OutpostFiles, saveOutposts } from '../../src/town/outposts.js';
import { readPolecat, writePolecat } from '../../src/town/polecat-state.js';
import { polecatRecord } from '../support/polecat.js';
import { makeTown, type TownFixture } from '../support/town-fixture.js';

/** Agent calls from an outpost, delivered in the town: checked against the polecat, run once. */
describe('agent calls from an outpost', () => {
  let fx: TownFixture | undefined;
  afterEach(async () => {
    await fx?.cleanup();
    fx = undefined;
  });

  async function remotePolecat(f: TownFixture) {
    // The outpost is configured (never contacted: a call runs in the town).
    saveOutposts(f.town.paths, {
      version: 1,
      outposts: [{ name: 'gpu', type: 'ssh', host: '192.0.2.1', dir: '/srv/ov' }],
      policy: { preference: ['local', 'gpu'] },
    });
    const p = polecatRecord('far', new Date().toISOString(), {
      rig: f.rig,
      issue: 'web-zzz',
      outpost: 'gpu',
      call_token: 'right-token-0123456789',
      state: 'working',
      state_source: 'lifecycle',
      state_reason: 'working',
      worktree: '/srv/ov/t-x/web/polecats/far',
    });
    await writePolecat(f.town.rigPaths(f.rig), p);
    return p;
  }

  const call = (over: Partial<AgentCall>): AgentCall => ({
    v: 1,
    id: newCallId(),
    rig: 'web',
    polecat: 'far',
    token: 'right-token-0123456789',
    argv: ['signal', 'idle'],
    at: new Date().toISOString(),
    ...over,
  });

  it('refuses a wrong token, another outpost, an unknown polecat and a command agents may not run', async () => {
    fx = await makeTown();
    await remotePolecat(fx);
    const ledger = new Map();
    const cases: [Partial<AgentCall>, string, RegExp][] = [
      [{ token: 'wrong-token-0123456789' }, 'gpu', /call token does not match polecat web\/far/],
      [{}, 'burst', /polecat web\/far is not on outpost burst/],
      [{ polecat: 'ghost' }, 'gpu', /no polecat web\/ghost/],
      [{ argv: ['polecat', 'rm', 'other'] }, 'gpu', /not an agent call: polecat rm/],
    ];
    for (const [over, outpost, why] of cases) {
      const out = await deliverCall(fx.town, outpost, call(over), ledger);
      expect(out.code).toBe(2);
      expect(out.stderr).toMatch(why);
    }
    expect(readPolecat(fx.town.rigPaths(fx.rig), 'far')?.state).toBe('working');
  });

  it('runs a call as its polecat once: a repeated id is answered from the ledger', async () => {
    fx = await makeTown();
    await remotePolecat(fx);
    const c = call({ argv: ['signal', 'waiting'] });
    const first = await deliverCall(fx.town, 'gpu', c, readLedger(fx.town, 'gpu'));
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(readPolecat(fx.town.rigPaths(fx.rig), 'far')?.state).toBe('waiting');
    await writePolecat(fx.town.rigPaths(fx.rig), {
      ...readPolecat(fx.town.rigPaths(fx.rig), 'far')!,
      state: 'working',
    });
    // The same call again (its acknowledgement was lost): not run again.
    const again = await deliverCall(fx.town, 'gpu', c, readLedger(fx.town, 'gpu'));
    expect(again).toEqual(first);
    expect(readPolecat(fx.town.rigPaths(fx.rig), 'far')?.state).toBe('working');
    const lines = readFileSync(new OutpostFiles(fx.town.paths).ledger('gpu'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
  });
});
