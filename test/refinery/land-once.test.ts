import { afterEach, describe, expect, it } from 'vitest';
import { LocalRunner } from '../../src/runtime/local-runner.js';
import type { RunOptions, RunResult } from '../../src/runtime/runner.js';
import { townActions } from '../../src/ui/app/actions.js';
import { type Fixture, makeFixture, startSession } from '../support/refinery-fixture.js';

let fx: Fixture;
afterEach(() => fx?.cleanup());

/**
 * The local runner, counting what it runs: every landing plan asks the
 * origin where main is (`git ls-remote`) exactly once, so the count of those
 * is the count of plans computed.
 */
class CountingRunner extends LocalRunner {
  readonly lsRemote: string[] = [];
  override async run(bin: string, args: readonly string[], opts?: RunOptions): Promise<RunResult> {
    if (bin === 'git' && args.includes('ls-remote')) this.lsRemote.push(args.join(' '));
    return super.run(bin, args, opts);
  }
}

describe('a land from the cockpit', () => {
  it('plans once: the plan shown is the plan landed', async () => {
    fx = await makeFixture();
    fx.configure({ test_command: 'true' });
    fx.polecat('nux', { 'a.txt': 'landed from the cockpit\n' }, { message: 'nux: land me' });
    const runner = new CountingRunner();
    const actions = townActions(fx.town, runner);

    const shown = await actions.planLand(fx.rig, 'nux'); // the keypress: plan, show it
    expect(shown.canProceed).toBe(true);
    expect(shown.forced).toBeUndefined();
    const outcome = await actions.land(fx.rig, 'nux', { plan: shown }); // the confirm

    expect(outcome).toBe('landed web/nux');
    expect(fx.originLog()[0]).toBe('nux: land me');
    expect(runner.lsRemote).toHaveLength(1);
  });

  it('a plan blocked only by what --force skips is shown forced, still computed once, and lands', async () => {
    fx = await makeFixture();
    fx.polecat('ace', { 'b.txt': 'forced\n' }, { message: 'ace: forced landing' });
    startSession(fx.socket, 'ov-web-ace'); // a done agent idling in its session
    const runner = new CountingRunner();
    const actions = townActions(fx.town, runner);

    const shown = await actions.planLand(fx.rig, 'ace');
    expect(shown.forced).toBe(true);
    expect(shown.title).toMatch(/with --force \(session ov-web-ace is still running\)/);
    expect(shown.lines).toContainEqual({
      text: 'session ov-web-ace is still running (ignored: --force)',
      status: 'skip',
    });
    const outcome = await actions.land(fx.rig, 'ace', { force: true, plan: shown });

    expect(outcome).toBe('landed web/ace (forced)');
    expect(fx.originLog()[0]).toBe('ace: forced landing');
    expect(runner.lsRemote).toHaveLength(1);
  });
});
