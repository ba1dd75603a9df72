import { afterEach, describe, expect, it } from 'vitest';
import { startDaemon, stopDaemon } from '../../src/daemon/control.js';
import { local } from '../support/runner.js';
import { readHeartbeat } from '../../src/daemon/heartbeat.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { createIssue } from '../../src/town/issues.js';
import { readPolecat } from '../../src/town/polecat-state.js';
import { ov } from '../support/cli.js';
import { daemonTown, type DaemonFixture } from '../support/daemon-town.js';
import { waitFor } from '../support/town-fixture.js';

/**
 * polecat list, status and attention tell the truth without a daemon (they
 * work the states out from tmux), and say when a running daemon's view is
 * stale. Real tmux, real scripted agents, the real CLI binary.
 */
let fx: DaemonFixture | undefined;
let stopped: number | undefined;
afterEach(async () => {
  if (stopped !== undefined) {
    try {
      process.kill(stopped, 'SIGCONT');
    } catch {
      /* gone */
    }
    if (fx) await stopDaemon(local, fx.town.paths).catch(() => undefined);
    stopped = undefined;
  }
  await fx?.cleanup();
  fx = undefined;
});

const cli = async (f: DaemonFixture, ...args: string[]) => {
  const r = await ov(['--town', f.town.root, ...args], { env: { OVERSEER_TMUX_SOCKET: f.socket } });
  if (r.exitCode !== 0) throw new Error(`overseer ${args.join(' ')} exited ${r.exitCode}: ${r.stderr}`);
  return r.stdout;
};
const shown = (f: DaemonFixture, session: string, text: string) =>
  waitFor(`"${text}" on screen`, async () => (await f.tmux.capturePane(session)).includes(text) || undefined);

// A preset whose first screen no pattern knows and that then stands still, like Gemini's trust dialog.
const AGENTS = `version: 1
presets:
  dialog:
    command: [sh, -c, 'printf "Do you trust the files in this folder?\\n  1. Trust folder\\n  2. Do not trust\\n"; exec sleep 600', '{prompt_file}']
`;

describe('true states without the daemon', () => {
  it('model errors, a question and an unknown first screen read right in polecat list, attention and status', async () => {
    fx = await daemonTown({ agents: AGENTS });
    const f = fx;
    const spawn = async (labels: string[], agent = 'scripted') => {
      const issue = await createIssue(f.town, 'web', { title: labels.join(' ') || agent, labels });
      return (await spawnPolecat(f.town, { issue: issue.id, agent, tmux: f.tmux })).polecat;
    };
    const limited = await spawn(['rate-limit']);
    const overloaded = await spawn(['overloaded']);
    const asking = await spawn(['menu']);
    const dialog = await spawn([], 'dialog');
    await shown(f, limited.session, 'API Error: 429');
    await shown(f, overloaded.session, 'API Error: 529');
    await shown(f, asking.session, '1. Yes');
    await shown(f, dialog.session, 'Do not trust');
    // Nothing has refreshed the state files: they still say spawning.
    for (const p of [limited, overloaded, asking, dialog])
      expect(readPolecat(f.town.rigPaths('web'), p.name)?.state).toBe('spawning');
    await new Promise((r) => setTimeout(r, 3500)); // the dialog's first screen settles

    const list = await cli(f, 'polecat', 'list');
    const row = (name: string) => list.split('\n').find((l) => l.startsWith(`web/${name} `)) ?? '';
    expect(row(limited.name)).toMatch(
      / error +\S+(?: +\S+){4} +rate limit: "⎿ API Error: 429 \{"type":"error"/,
    );
    expect(row(overloaded.name)).toMatch(/ error +\S+(?: +\S+){4} +model overloaded: "⎿ API Error: 529/);
    expect(row(asking.name)).toMatch(/ waiting +\S+(?: +\S+){4} +pattern "Do you want to proceed\?"/);
    expect(row(dialog.name)).toMatch(
      / waiting +\S+(?: +\S+){4} +first screen stands still and no pattern knows it: "2\. Do not trust"/,
    );
    expect(list).not.toContain('stale');

    const attention = await cli(f, 'attention');
    expect(attention).toMatch(new RegExp(`error +web/${limited.name} \\(web-\\w+\\): rate limit: `));
    expect(attention).toMatch(new RegExp(`error +web/${overloaded.name} \\(web-\\w+\\): model overloaded: `));
    expect(attention).toMatch(new RegExp(`waiting +web/${dialog.name} `));
    expect(await cli(f, 'status')).toContain('polecats: error 2, waiting 2');

    // A nudge gets the rate-limited agent going again; the states follow without a daemon.
    await cli(f, 'nudge', limited.name, 'try again');
    await waitFor('done', async () =>
      JSON.parse(await cli(f, '--json', 'polecat', 'list')).find(
        (p: { name: string; state: string }) => p.name === limited.name && p.state === 'done',
      ),
    );
  });

  it('marks the states stale, with since when, while a running daemon does not tick', async () => {
    fx = await daemonTown();
    const f = fx;
    const issue = await createIssue(f.town, 'web', { title: 'Ask', labels: ['menu'] });
    const { polecat } = await spawnPolecat(f.town, { issue: issue.id, tmux: f.tmux });
    const pid = await startDaemon(local, f.town.paths);
    await waitFor('the daemon sees the question', () =>
      readPolecat(f.town.rigPaths('web'), polecat.name)?.state === 'waiting' ? true : undefined,
    );
    const fresh = await cli(f, 'polecat', 'list');
    expect(fresh).not.toContain('stale');
    process.kill(pid, 'SIGSTOP'); // a hung daemon
    stopped = pid;
    const lastTick = Date.parse(readHeartbeat(f.town.paths)!.at);
    await new Promise((r) => setTimeout(r, 11_000)); // past 3 ticks (200ms) + 10s
    const list = await cli(f, 'polecat', 'list');
    expect(list.split('\n')[0]).toMatch(
      /^states are stale since \d\d:\d\d:\d\d \(\d+s ago\): the daemon runs but has not ticked since$/,
    );
    const json = JSON.parse(await cli(f, '--json', 'polecat', 'list'));
    expect(Date.parse(json[0].stale_since)).toBe(lastTick);
    expect(await cli(f, 'attention')).toMatch(/^states are stale since/);
    expect(await cli(f, 'status')).toMatch(/polecat states are stale since/);
  });
});
