import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, expect, it } from 'vitest';
import { overseerBin } from '../../src/core/package-root.js';
import { DEMO_RIG } from '../../src/demo/build-demo.js';
import { getIssue } from '../../src/town/issues.js';
import { readPolecat } from '../../src/town/polecat-state.js';
import { Town } from '../../src/town/town.js';
import type { RealCli } from '../support/agent-env.js';
import { tempDir } from '../support/tmp.js';
import { uniqueSocket } from '../support/tmux.js';
import { killTownProcesses, townProcesses } from '../support/town-processes.js';
import { waitFor } from '../support/town-fixture.js';
import { localProcesses } from '../../src/runtime/processes.js';

const execFileAsync = promisify(execFile);

type DemoJson = {
  town: string;
  agentPolecats: string[];
  standinPid?: number;
  daemonPid?: number;
};

/**
 * `overseer demo --agent CLI` as README.md prints it: the real CLI (pinned
 * install) against the stand-in process the demo starts, with the demo's
 * own daemon landing its work; then `overseer demo stop`, as the demo prints,
 * leaves no process of the town and stops the stand-in.
 */
export function demoCase(cli: RealCli): void {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it(
    `${cli}: overseer demo --agent ${cli} runs the real CLI against the stand-in; its issue lands, and demo stop leaves nothing`,
    { timeout: 240_000 },
    async () => {
      const dir = tempDir(`ov-demo-${cli}`);
      const socket = uniqueSocket(`demo-${cli}`);
      const env = { ...process.env, OVERSEER_TMUX_SOCKET: socket };
      const overseer = async (args: string[]) =>
        (await execFileAsync(process.execPath, [overseerBin(), ...args], { encoding: 'utf8', env })).stdout;
      const run = async (cmd: string, args: string[]) =>
        execFileAsync(cmd, args, { encoding: 'utf8', env }).catch(() => undefined);
      const town = `${dir}/town`;
      const started: { standinPid?: number } = {};
      // Whatever the test got to: the daemon, the tmux server, the stand-in, any agent left.
      cleanup = async () => {
        await overseer(['--town', town, 'daemon', 'stop']).catch(() => undefined);
        await run('tmux', ['-L', socket, 'kill-server']);
        if (started.standinPid) await run('kill', [String(started.standinPid)]);
        killTownProcesses(town);
      };
      const demo = JSON.parse(await overseer(['--json', 'demo', town, '--agent', cli])) as DemoJson;
      expect(demo.agentPolecats).toHaveLength(2);
      started.standinPid = demo.standinPid;
      expect(demo.standinPid).toBeGreaterThan(0);
      const t = Town.open(demo.town);
      const name = demo.agentPolecats[0]!.split('/')[1]!;
      const issue = readPolecat(t.rigPaths(DEMO_RIG), name)!.issue;
      expect(readPolecat(t.rigPaths(DEMO_RIG), name)!.agent).toBe(cli);
      // The demo's daemon lands it: the real CLI wrote, committed and ran overseer done.
      await waitFor('the demo issue closed', () => getIssue(t, issue).status === 'closed', 150_000);
      // The stop the demo prints: the daemon, every agent with all it started, the tmux server, the stand-in.
      const stopped = await overseer(['demo', 'stop', demo.town]);
      expect(stopped).toContain(`model stand-in: pid ${demo.standinPid} stopped`);
      await waitFor('the stand-in gone', () => !localProcesses.alive(demo.standinPid), 10_000);
      await waitFor('no process of the demo town', () => townProcesses(demo.town).length === 0, 10_000);
    },
  );
}
