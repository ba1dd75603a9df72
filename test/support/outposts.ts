import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeOutposts } from '../../src/runtime/hosts.js';
import { rigGit } from '../../src/runtime/git.js';
import { Tmux } from '../../src/runtime/tmux.js';
import { installTown } from '../../src/town/install.js';
import { saveOutposts } from '../../src/town/outposts.js';
import { addRig } from '../../src/town/rigs.js';
import type { Town } from '../../src/town/town.js';
import { makeOrigin } from './git.js';
import { local } from './runner.js';
import { MODE, startOutpost, type TestOutpost } from './sshd.js';
import type { TownFixture } from './town-fixture.js';

/**
 * A town like town-fixture's makeTown (rig `web`, scripted agents, a
 * throwaway tmux socket) that lives for a whole describe block (outposts are
 * slow to start): its directory is removed by `cleanup`, not after each test.
 */
export async function makeSuiteTown(
  opts: { maxWorkers?: number; testCommand?: string } = {},
): Promise<TownFixture> {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'ov-suite-')));
  const { bare } = makeOrigin(base, { 'README.md': '# demo\n', 'CONFLICT.txt': 'original line 1\nline 2\n' });
  const town = installTown({ dir: join(base, 'town'), name: 'test' });
  await addRig(
    town,
    {
      name: 'web',
      source: bare,
      prefix: 'web',
      testCommand: opts.testCommand ?? 'test ! -e BROKEN',
      maxWorkers: opts.maxWorkers ?? 4,
    },
    rigGit(local),
  );
  const socket = `ov-test-${process.pid}-${Math.random().toString(16).slice(2, 8)}`;
  process.env.OVERSEER_TMUX_SOCKET = socket;
  process.env.OVERSEER_SCRIPTED_STEP_MS ??= '40';
  const tmux = new Tmux({ socket, runner: local });
  return {
    dir: base,
    town,
    rig: 'web',
    origin: bare,
    socket,
    tmux,
    cleanup: async () => {
      await tmux.killServer().catch(() => undefined);
      delete process.env.OVERSEER_TMUX_SOCKET;
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/**
 * Real outposts (sshd servers, see sshd.ts) registered in a town's
 * config/outposts.yaml. `close()` ends the SSH masters and stops every
 * server and namespace. The mode (netns or loopback) is printed once.
 */
export async function addTestOutposts(
  town: Town,
  count: number,
  opts: { preference?: string[]; extra?: Record<string, unknown> } = {},
): Promise<{ outposts: TestOutpost[]; close: () => Promise<void> }> {
  if (!printed) {
    printed = true;
    process.stdout.write(
      `outpost tests: sshd in ${MODE === 'netns' ? 'network namespaces joined by veth pairs' : 'loopback mode (127.0.0.1, distinct ports)'}\n`,
    );
  }
  const outposts: TestOutpost[] = [];
  try {
    for (let i = 0; i < count; i++) outposts.push(await startOutpost(`op${i}`));
  } catch (e) {
    for (const o of outposts) await o.stop();
    throw e;
  }
  writeConfig(town, outposts, opts);
  return {
    outposts,
    close: async () => {
      await closeOutposts(town);
      for (const o of outposts) await o.stop();
    },
  };
}

let printed = false;

export function writeConfig(
  town: Town,
  outposts: TestOutpost[],
  opts: { preference?: string[]; extra?: Record<string, unknown> } = {},
): void {
  saveOutposts(town.paths, {
    version: 1,
    outposts: outposts.map((o) => o.config(opts.extra)),
    policy: { preference: opts.preference ?? ['local', ...outposts.map((o) => o.name)] },
  });
}
