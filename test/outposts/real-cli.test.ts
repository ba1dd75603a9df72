import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cachedAgentCli } from '../../src/agents/agent-clis.js';
import { writeAgentHome } from '../../src/agents/agent-home.js';
import { overseerBin } from '../../src/core/package-root.js';
import { polecatMark } from '../../src/polecats/agent-session.js';
import { resolvePolecat } from '../../src/polecats/resolve.js';
import { stopPolecat } from '../../src/polecats/session-ops.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { agentProcesses } from '../../src/runtime/agent-stop.js';
import { sshRunnerFor } from '../../src/runtime/hosts.js';
import { createIssue, getIssue } from '../../src/town/issues.js';
import { listMergeRequests } from '../../src/town/merge-requests.js';
import { readPolecat } from '../../src/town/polecat-state.js';
import { realTown, type RealFixture } from '../agents-real/fixture.js';
import { addTestOutposts, writeConfig } from '../support/outposts.js';
import {
  freePort,
  leftoverNamespaces,
  leftoverSshd,
  sshdAvailable,
  type TestOutpost,
} from '../support/sshd.js';
import { townProcesses } from '../support/town-processes.js';
import { git } from '../support/town-fixture.js';

/**
 * The real Claude Code (pinned install) on an outpost: it runs there, in the
 * outpost's tmux, with the outpost's own throwaway HOME, and reaches the
 * model stand-in in this process through a reverse forward on the outpost's
 * SSH connection (`remote_forwards`, the outpost's `env` naming the port
 * there): what an operator with a model server on the town's machine sets.
 */

vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });
const execFileAsync = promisify(execFile);

describe.skipIf(!sshdAvailable)('claude (the real CLI) on an outpost', () => {
  let f: RealFixture;
  let op: TestOutpost;
  let close: () => Promise<void>;
  let remoteHome: string;

  /** A town (its directory lives for one test), its outpost, the stand-in forwarded there. */
  async function setup(): Promise<void> {
    f = await realTown();
    const port = await freePort();
    const made = await addTestOutposts(f.town, 1);
    op = made.outposts[0]!;
    close = made.close;
    // The outpost's own agent home (the operator's setup there), pointed at the forwarded port.
    remoteHome = join(op.dir, 'agent-home');
    const h = writeAgentHome(remoteHome, `http://127.0.0.1:${port}`);
    const bin = dirname(cachedAgentCli('claude'));
    writeConfig(f.town, [op], {
      extra: {
        remote_forwards: [`127.0.0.1:${port}:127.0.0.1:${f.standin.port}`],
        env: { ...h.env, PATH: `${bin}:/usr/local/bin:/usr/bin:/bin` },
      },
    });
  }

  afterEach(async () => {
    await close?.();
    await f?.cleanup();
    expect(leftoverSshd()).toEqual([]);
    expect(leftoverNamespaces()).toEqual([]);
  });

  const polecat = (name: string) => readPolecat(f.town.rigPaths('web'), name);
  /** Processes of the town's agents on the outpost: by mark (asked there), and anything run with its agent HOME. */
  const leftOnOutpost = async (mark: string) => [
    ...(await agentProcesses(sshRunnerFor(f.town, op.name).processes, mark)).map((p) => p.pid),
    ...townProcesses(f.town.root, (_pid, env) => env.includes(`HOME=${remoteHome}`)).map((p) => p.pid),
  ];
  const overseer = async (args: string[]) =>
    (
      await execFileAsync(process.execPath, [overseerBin(), '--town', f.town.root, ...args], {
        encoding: 'utf8',
        env: { ...process.env, OVERSEER_TMUX_SOCKET: f.socket },
      })
    ).stdout;

  it('takes an issue from spawn on the outpost to a landed merge; stop leaves nothing there', async () => {
    await setup();
    const issue = await createIssue(f.town, 'web', { title: 'Record a change far away' });
    const r = await spawnPolecat(f.town, { issue: issue.id, agent: 'claude', outpost: op.name });
    const name = r.polecat.name;
    expect(r.polecat.outpost).toBe(op.name);
    expect(r.worktree.startsWith(op.dir)).toBe(true);
    // Trust went into the outpost's agent home, for the worktrees there; the town's agent home is untouched.
    const remoteConfig = JSON.parse(readFileSync(join(remoteHome, '.claude.json'), 'utf8'));
    expect(remoteConfig.projects[dirname(r.worktree)].hasTrustDialogAccepted).toBe(true);
    expect(readFileSync(join(f.agents.home, '.claude.json'), 'utf8')).not.toContain(op.dir);

    const seen = new Set<string>();
    await f.tickUntil(
      'done from the outpost',
      () => {
        const p = polecat(name);
        if (p) seen.add(`${p.state}/${p.state_source}`);
        return p?.state === 'done';
      },
      150_000,
    );
    // Its state was read on the outpost (its hooks' calls to the town, or its pane read there) while it worked.
    expect([...seen].some((s) => s.startsWith('working/'))).toBe(true);
    const mr = listMergeRequests(f.town, 'web').find((m) => m.mr.branch === r.polecat.branch);
    expect(mr?.mr.source_issue).toBe(issue.id);
    await f.tickUntil('issue closed', () => getIssue(f.town, issue.id).status === 'closed', 90_000);
    expect(git(f.origin, ['log', 'main', '--format=%s'])).toContain(`${issue.id}: record the change`);
    expect(git(f.origin, ['show', `main:CHANGES-${issue.id}.md`])).toContain('Done by the model stand-in.');
    // The stand-in was reached from the outpost (the CLI's requests for this issue).
    expect(f.standin.usage(issue.id)!.agent.requests).toBeGreaterThanOrEqual(3);
    // The witness cleans up on the outpost: worktree, session and every process gone.
    await f.tickUntil('cleanup on the outpost', () => polecat(name) === undefined, 60_000);
    const ssh = sshRunnerFor(f.town, op.name);
    expect((await ssh.run('test', ['-e', r.worktree])).code).not.toBe(0);
    expect(await ssh.tmux({ socket: f.socket }).hasSession(r.session)).toBe(false);
    expect(await leftOnOutpost(polecatMark(f.town, r.polecat))).toEqual([]);
  });

  it('a permission prompt on the outpost shows waiting with its question; answered, it commits there; stop ends it', async () => {
    await setup();
    const issue = await createIssue(f.town, 'web', { title: 'Check the toolchain far away' });
    f.standin.setScript(issue.id, {
      steps: [
        { do: 'shell', say: 'First the toolchain.', command: 'node -e "console.log(40 + 2)"' },
        { do: 'write', path: 'ANSWERED.md', content: 'Answered on the outpost.\n' },
        { do: 'shell', command: 'git add -A && git commit -q -m "{issue}: answered"' },
        { do: 'text', text: 'Thinking more.', wait_ms: 300_000 },
      ],
    });
    const r = await spawnPolecat(f.town, { issue: issue.id, agent: 'claude', outpost: op.name });
    const name = r.polecat.name;
    const waiting = await f.tickUntil(
      'the question on the outpost',
      () => {
        const p = polecat(name);
        return p?.state === 'waiting' ? p : undefined;
      },
      120_000,
    );
    expect(waiting.state_reason).toMatch(/permission|Do you want to proceed/);
    expect(await overseer(['polecat', 'list'])).toMatch(new RegExp(`${name} .* waiting`));
    expect(await overseer(['answer', name, 'approve'])).toMatch(/^answered web\/\w+: sent/);
    // The commit is made on the outpost; the agent keeps working (its long last turn).
    const ssh = sshRunnerFor(f.town, op.name);
    const deadline = Date.now() + 90_000;
    let subject = '';
    while (Date.now() < deadline) {
      await f.daemon.tick();
      subject = (await ssh.run('git', ['-C', r.worktree, 'log', '-1', '--format=%s'])).stdout.trim();
      if (subject === `${issue.id}: answered`) break;
      await new Promise((res) => setTimeout(res, 300));
    }
    expect(subject).toBe(`${issue.id}: answered`);
    await f.tickUntil('working again', () => polecat(name)?.state === 'working', 60_000);

    // Stop: the session and the CLI's whole process tree on the outpost end.
    const mark = polecatMark(f.town, r.polecat);
    expect((await leftOnOutpost(mark)).length).toBeGreaterThan(0);
    await stopPolecat(resolvePolecat(f.town, name), { force: true });
    expect(await ssh.tmux({ socket: f.socket }).hasSession(r.session)).toBe(false);
    expect(await leftOnOutpost(mark)).toEqual([]);
  });
});
