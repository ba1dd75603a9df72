import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import { Daemon } from '../../src/daemon/loop.js';
import { polecatMark } from '../../src/polecats/agent-session.js';
import { resolvePolecat } from '../../src/polecats/resolve.js';
import { stopPolecat } from '../../src/polecats/session-ops.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { agentProcesses } from '../../src/runtime/agent-stop.js';
import { closeOutposts, sshRunnerFor } from '../../src/runtime/hosts.js';
import { writeConfig } from '../support/outposts.js';
import type { ProbeAnswer } from '../../src/runtime/remote/probe.js';
import { createIssue } from '../../src/town/issues.js';
import { outpostActions } from '../../src/ui/app/outpost-actions.js';
import { readOutpostStatus } from '../../src/town/outposts.js';
import { readRigResources } from '../../src/town/polecat-figures.js';
import { ov } from '../support/cli.js';
import { outpostSuite } from '../support/outpost-suite.js';
import { local } from '../support/runner.js';
import { freePort, sshdAvailable, type TestOutpost } from '../support/sshd.js';
import { type TownFixture, waitFor } from '../support/town-fixture.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

describe.skipIf(!sshdAvailable)('resources of an outpost and its polecats', () => {
  let fx: TownFixture;
  let op: TestOutpost;
  outpostSuite((s) => {
    fx = s.fx;
    op = s.op;
    writeFileSync(
      fx.town.paths.configFile('daemon.yaml'),
      stringify({ version: 1, usage: { sample_interval: '100ms' }, witness: { stuck_after: '10m' } }),
    );
  });

  it('come back in the tick’s one round trip: the tree’s CPU and memory there, the host’s load and free disk', async () => {
    const { town } = fx;
    const issue = await createIssue(town, 'web', { title: 'Busy far away', labels: ['stall'] });
    const r = await spawnPolecat(town, { issue: issue.id, agent: 'scripted', outpost: op.name });
    const name = r.polecat.name;
    const ssh = sshRunnerFor(town, op.name);
    // A busy child of the agent there (it carries the agent's mark, as everything the agent starts does).
    await ssh.run('sh', [
      '-c',
      'OVERSEER_AGENT_MARK="$1" nohup timeout 20 sh -c "while :; do :; done" >/dev/null 2>&1 &',
      'sh',
      polecatMark(town, r.polecat),
    ]);
    // Count the helper's round trips: one probe per tick, whatever the resources asked for.
    const probes: string[] = [];
    const helper = ssh.helper.bind(ssh);
    ssh.helper = (async (sub: string, req: unknown, t?: number) => {
      probes.push(sub);
      return helper(sub, req, t);
    }) as typeof ssh.helper;
    const daemon = new Daemon(town, local, fx.tmux);
    const figures = await waitFor(
      'the remote tree busy in resources.json',
      async () => {
        await daemon.tick();
        const f = readRigResources(town.rigPaths('web').resources)?.polecats[name];
        return f && f.cpu_pct > 30 ? f : undefined;
      },
      30_000,
    );
    ssh.helper = helper;
    const ticks = probes.filter((p) => p === 'probe').length;
    expect(probes.filter((p) => p !== 'probe')).toEqual([]);
    expect(ticks).toBeGreaterThanOrEqual(2);
    expect(figures.procs).toBeGreaterThanOrEqual(2); // the agent and its busy child
    expect(figures.rss_bytes).toBeGreaterThan(1024 * 1024);

    const st = readOutpostStatus(town.paths, op.name)!;
    // The figures came from the outpost's sample (the town reads its status file for a remote polecat).
    const there = st.polecats?.[`web/${name}`];
    expect(there?.born).toBe(r.polecat.created_at);
    expect(there?.procs).toBeGreaterThanOrEqual(2);
    expect(there?.cpu_pct).toBeGreaterThan(0);
    expect(st.host?.cpus).toBeGreaterThan(0);
    expect(st.host?.mem_avail_bytes).toBeGreaterThan(0);
    expect(st.host?.disk_free_bytes).toBeGreaterThan(0);
    expect(st.host?.load1).toBeGreaterThanOrEqual(0);

    // `polecat list` shows them in its CPU and MEM columns, on the outpost's row.
    const list = await ov(['--town', town.root, 'polecat', 'list'], {
      env: { OVERSEER_TMUX_SOCKET: fx.socket },
    });
    const row = list.stdout.split('\n').find((l) => l.startsWith(`web/${name} `))!;
    expect(row).toMatch(new RegExp(`^web/${name}\\s+${op.name}\\s`));
    expect(row).toMatch(/\s([3-9]\d|\d{3})%\s+\d+(\.\d)?[MG]\s/);

    // Stop ends the whole marked tree there, the busy child included.
    await stopPolecat(resolvePolecat(town, name), { force: true });
    expect(await agentProcesses(ssh.processes, polecatMark(town, r.polecat))).toEqual([]);
  });

  it('a one-off probe answers the host facts and the marked processes it was asked for', async () => {
    const ssh = sshRunnerFor(fx.town, op.name);
    const ans = await ssh.helper<ProbeAnswer>('probe', {
      tmux: `${op.dir}/none`,
      capture: [],
      dir: op.dir,
      usage: { markVar: 'OVERSEER_AGENT_MARK', marks: ['nobody@nowhere'] },
    });
    expect(ans.procs).toEqual([]);
    expect(ans.host.disk_total_bytes).toBeGreaterThan(ans.host.disk_free_bytes ?? 0);
  });

  it('the outposts view’s actions: ping writes its status, check lists what it has, the shell opens in its directory', async () => {
    const actions = outpostActions(fx.town);
    expect(await actions.pingOutpost(op.name)).toMatch(new RegExp(`^outpost ${op.name}: reachable, \\d+ ms`));
    expect(readOutpostStatus(fx.town.paths, op.name)?.host?.cpus).toBeGreaterThan(0);
    const c = await actions.checkOutpost(op.name);
    expect(c.items.find((i) => i.what === 'git')?.ok).toBe(true);
    // The shell's client, run here without a terminal: a login shell there, in the outpost's directory.
    const [bin, ...args] = sshRunnerFor(fx.town, op.name).shellClient();
    const out = await local.run(bin!, args, { input: 'pwd\nexit\n', timeoutMs: 20_000 });
    expect(out.stdout).toContain(op.dir);

    // remote_forwards: each is checked; one whose port is already taken there fails the check, named.
    const port = await freePort();
    await closeOutposts(fx.town);
    writeConfig(fx.town, [op], {
      extra: { remote_forwards: [`127.0.0.1:${port}:127.0.0.1:9`, `127.0.0.1:${port}:127.0.0.1:10`] },
    });
    try {
      const f = await actions.checkOutpost(op.name);
      const items = f.items.filter((i) => i.what.startsWith('remote forward'));
      expect(items.map((i) => i.ok)).toEqual([true, false]);
      expect(items[1]!.what).toBe(`remote forward 127.0.0.1:${port}:127.0.0.1:10`);
      expect(items[1]!.detail).toMatch(/forward|port/i);
      expect(f.ok).toBe(false);
    } finally {
      await closeOutposts(fx.town);
      writeConfig(fx.town, [op]);
    }
  });
});
