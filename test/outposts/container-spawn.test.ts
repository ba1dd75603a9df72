import { spawnSync } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { syncOutpost } from '../../src/polecats/outpost/sync.js';
import { removePolecat } from '../../src/polecats/remove.js';
import { resolvePolecat } from '../../src/polecats/resolve.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { sshRunnerFor } from '../../src/runtime/hosts.js';
import { createIssue } from '../../src/town/issues.js';
import { readPolecat } from '../../src/town/polecat-state.js';
import { outpostSuite } from '../support/outpost-suite.js';
import { sshdAvailable, type TestOutpost } from '../support/sshd.js';
import { type TownFixture, waitFor } from '../support/town-fixture.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

// The docker client without a daemon: it parses the whole command, then fails to connect.
// (With a daemon it would start the image for real; that end-to-end run is not made here.)
const docker = spawnSync('docker', ['version', '--format', '{{.Client.Version}}'], { encoding: 'utf8' });
const clientOnly =
  docker.status !== null &&
  docker.stdout.trim() !== '' &&
  spawnSync('docker', ['info'], { encoding: 'utf8' }).status !== 0;

describe.skipIf(!sshdAvailable || !clientOnly)(
  'an outpost with a container wrapper (docker client, no daemon)',
  () => {
    let fx: TownFixture;
    let op: TestOutpost;
    outpostSuite(
      (s) => {
        fx = s.fx;
        op = s.op;
      },
      { extra: { container: { engine: 'docker', image: 'debian:12', mounts: ['/tmp:/scratch:ro'] } } },
    );

    it("spawn runs the agent through the engine's `run` there; the engine's failure ends the polecat, named in its state", async () => {
      const { town } = fx;
      const issue = await createIssue(town, 'web', { title: 'In a box' });
      const r = await spawnPolecat(town, { issue: issue.id, agent: 'scripted', outpost: op.name });
      const ssh = sshRunnerFor(town, op.name);
      const sock = ssh.layout.tmuxSocket(fx.socket);
      const show = async (fmt: string) =>
        (
          await ssh.run('tmux', ['-S', sock, 'display-message', '-p', '-t', `=${r.session}:`, fmt])
        ).stdout.trim();
      const start = await show('#{pane_start_command}');
      expect(start).toMatch(/^"?docker"? "?run"? "?--rm"?/);
      expect(start).toContain('debian:12');
      expect(start).toContain(r.worktree);
      await waitFor('the engine to give up', async () =>
        (await show('#{pane_dead}')) === '1' ? true : undefined,
      );
      const pane = await ssh.tmux({ socket: fx.socket }).capturePane(r.session, { lines: 40 });
      // The real client accepted every flag and failed only for want of a daemon.
      expect(pane).toMatch(/Cannot connect to the Docker daemon/);
      expect(pane).not.toMatch(/unknown flag|invalid reference|invalid argument/i);
      // The tick's round trip sees the dead pane: the polecat is dead, with the exit status.
      await syncOutpost(town, op.name);
      expect(readPolecat(town.rigPaths('web'), r.polecat.name)).toMatchObject({
        state: 'dead',
        state_reason: expect.stringMatching(/agent exited with status \d+/),
      });
      // Removed like any other (no commits): session, worktree there, and the (absent) container.
      await removePolecat(resolvePolecat(town, r.polecat.name));
      expect(readPolecat(town.rigPaths('web'), r.polecat.name)).toBeUndefined();
      expect((await ssh.run('test', ['-e', r.worktree])).code).not.toBe(0);
    });
  },
);
