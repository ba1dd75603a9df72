import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeOutposts, sshRunnerFor } from '../../src/runtime/hosts.js';
import { createIssue } from '../../src/town/issues.js';
import { OUTPOSTS_CONFIG_FILE } from '../../src/town/outposts.js';
import { readPolecats } from '../../src/town/polecat-state.js';
import { ov } from '../support/cli.js';
import { makeSuiteTown } from '../support/outposts.js';
import {
  leftoverNamespaces,
  leftoverSshd,
  sshdAvailable,
  startOutpost,
  type TestOutpost,
} from '../support/sshd.js';
import type { TownFixture } from '../support/town-fixture.js';

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

// Real sshd servers and agents on a shared 2-core machine: give each step room.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

describe.skipIf(!sshdAvailable)('overseer outpost and spawn --outpost (CLI)', () => {
  let fx: TownFixture;
  let op: TestOutpost;
  let env: Record<string, string>;
  const run = (args: string[]) => ov(args, { env });

  beforeAll(async () => {
    fx = await makeSuiteTown({ maxWorkers: 1 });
    op = await startOutpost('op0');
    env = { OVERSEER_TOWN: fx.town.root };
  });

  afterAll(async () => {
    // The CLI runs left the town's masters running (ControlPersist): end them, then the servers.
    for (const n of ['op0', 'dead'])
      try {
        await sshRunnerFor(fx.town, n).close();
      } catch {
        /* not configured (an earlier step failed) */
      }
    await closeOutposts(fx.town);
    await op?.stop();
    await fx?.cleanup();
    expect(leftoverSshd()).toEqual([]);
    expect(leftoverNamespaces()).toEqual([]);
  });

  it('add validates and writes config/outposts.yaml; list, ping and check talk to the host', async () => {
    const file = fx.town.paths.configFile(OUTPOSTS_CONFIG_FILE);
    const bad = await run(['outpost', 'add', 'op0', '--host', op.host, '--dir', 'relative/dir']);
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toMatch(/dir: expected an absolute path/);
    expect(existsSync(file)).toBe(false);

    const c = op.config();
    const add = await run([
      'outpost',
      'add',
      'op0',
      '--host',
      op.host,
      '--port',
      String(op.port),
      '--user',
      'root',
      '--identity',
      String(c.identity_file),
      '--known-hosts',
      op.knownHosts,
      '--ssh-config',
      'none',
      '--dir',
      op.dir,
      '--max-workers',
      '2',
    ]);
    expect(add.stderr).toBe('');
    expect(add.exitCode).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('preference');

    const ping = await run(['outpost', 'ping', 'op0']);
    expect(ping.exitCode).toBe(0);
    expect(ping.stdout).toMatch(/op0: reachable, \d+ ms round trip/);
    const list = await run(['outpost', 'list']);
    expect(list.stdout).toMatch(/op0\s+root@\S+\s+0\/2\s+reachable/);

    const check = await run(['outpost', 'check', 'op0']);
    expect(check.exitCode).toBe(0);
    expect(check.stdout).toMatch(/ok\s+host key/);
    expect(check.stdout).toMatch(/ok\s+git: git version/);
    expect(check.stdout).toMatch(/ok\s+tmux: tmux/);
    expect(check.stdout).toMatch(/ok\s+node: v\d+/);
    expect(check.stdout).toMatch(/agent CLI claude/);
  });

  it('a malformed outposts.yaml is a clear error naming the file', async () => {
    const file = fx.town.paths.configFile(OUTPOSTS_CONFIG_FILE);
    const good = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, good.replace(/max_workers: 2/, 'max_workers: lots'));
      const r = await run(['outpost', 'list']);
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toContain(OUTPOSTS_CONFIG_FILE);
      expect(r.stderr).toMatch(/max_workers/);
    } finally {
      writeFileSync(file, good);
    }
  });

  it('an unreachable outpost: spawn --outpost fails naming it and writes nothing; placement skips it and says so', async () => {
    const c = op.config();
    const port = await closedPort();
    const add = await run([
      'outpost',
      'add',
      'dead',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--user',
      'root',
      '--identity',
      String(c.identity_file),
      '--known-hosts',
      op.knownHosts,
      '--ssh-config',
      'none',
      '--dir',
      op.dir,
      '--no-prefer',
    ]);
    expect(add.exitCode).toBe(0);
    const issue = await createIssue(fx.town, 'web', { title: 'Goes nowhere', labels: ['stall'] });
    const r = await run(['spawn', issue.id, '--agent', 'scripted', '--outpost', 'dead']);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/outpost dead .*connection refused/);
    expect(readPolecats(fx.town.rigPaths('web')).polecats).toEqual([]);
    const ping = await run(['outpost', 'ping', 'dead']);
    expect(ping.exitCode).not.toBe(0);
    expect((await run(['outpost', 'list'])).stdout).toMatch(/dead\s+\S+\s+0\/4\s+stale since/);

    // Preference: local (full: max_workers 1), then dead, then op0.
    const file = fx.town.paths.configFile(OUTPOSTS_CONFIG_FILE);
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        /preference:\n(\s+- \S+\n)+/,
        'preference:\n    - local\n    - dead\n    - op0\n',
      ),
    );
    const first = await createIssue(fx.town, 'web', { title: 'Local one', labels: ['stall'] });
    const here = await run(['spawn', first.id, '--agent', 'scripted']);
    expect(here.exitCode).toBe(0);
    expect(here.stdout).not.toMatch(/on outpost/);
    const second = await createIssue(fx.town, 'web', { title: 'Overflow', labels: ['stall'] });
    const there = await run(['spawn', second.id, '--agent', 'scripted']);
    expect(there.stderr).toBe('');
    expect(there.stdout).toMatch(/outpost dead skipped: .*connection refused/);
    expect(there.stdout).toMatch(/on outpost op0/);
    for (const p of readPolecats(fx.town.rigPaths('web')).polecats) {
      const stop = await run(['stop', p.name, '--force']);
      expect(stop.exitCode).toBe(0);
    }
    // Stopped on the outpost: no agent process left there.
    const ps = await sshRunnerFor(fx.town, 'op0').run('sh', [
      '-c',
      'ps -eo args | grep scripted-agent | grep -v grep || true',
    ]);
    expect(ps.stdout.split('\n').filter((l) => l.includes(op.dir))).toEqual([]);
    // Removing an outpost that still holds a polecat is refused.
    const rm = await run(['outpost', 'remove', 'op0']);
    expect(rm.exitCode).not.toBe(0);
    expect(rm.stderr).toMatch(/outpost op0 still holds polecats web\/\w+ \(dead\)/);
  });

  it('a changed host key is refused, naming the outpost and host', async () => {
    await sshRunnerFor(fx.town, 'op0').close();
    await op.rekey();
    const r = await run(['outpost', 'check', 'op0']);
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout).toMatch(new RegExp(`connection: outpost op0 \\(root@${op.host.replace(/\./g, '\\.')}`));
    expect(r.stdout).toMatch(/host key has CHANGED/);
  });
});
