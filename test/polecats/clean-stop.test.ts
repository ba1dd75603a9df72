import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { polecatMark } from '../../src/polecats/agent-session.js';
import { removePolecat } from '../../src/polecats/remove.js';
import { resolvePolecat } from '../../src/polecats/resolve.js';
import { stopPolecat } from '../../src/polecats/session-ops.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { agentProcesses } from '../../src/runtime/agent-stop.js';
import { isRunning, readStat } from '../../src/runtime/proc-tree.js';
import { createIssue } from '../../src/town/issues.js';
import { readPolecat } from '../../src/town/polecat-state.js';
import { local } from '../support/runner.js';
import { makeTown, waitFor, type TownFixture } from '../support/town-fixture.js';

let fx: TownFixture | undefined;
const escaped: number[] = [];
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
  for (const pid of escaped.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone, as it should be */
    }
  }
});

/** The escaped grandchild the `escape` behaviour leaves: its own session, parent gone. */
async function escapedChild(f: TownFixture, name: string) {
  const promptFile = readPolecat(f.town.rigPaths('web'), name)!.prompt_file!;
  const pid = await waitFor('escaped child pid', () =>
    existsSync(`${promptFile}.escaped`) ? Number(readFileSync(`${promptFile}.escaped`, 'utf8')) : undefined,
  );
  escaped.push(pid);
  const stat = await waitFor('escaped child reparented', () => {
    const s = readStat(pid);
    return s && s.ppid !== 0 && s.sid === pid ? s : undefined;
  });
  return stat;
}

describe('clean stops: the whole process tree of an agent ends', () => {
  it('a daemon started from inside an agent session does not carry its mark (stopping the agent spares it)', async () => {
    const { withoutAgentMark, AGENT_MARK_VAR } = await import('../../src/runtime/agent-stop.js');
    const env = { PATH: '/bin', [AGENT_MARK_VAR]: 'ov-web-nux@/town#t' };
    expect(withoutAgentMark(env)).toEqual({ PATH: '/bin' });
  });

  it('stop ends a child that left the session and the pane tree; no process of the polecat remains', async () => {
    fx = await makeTown();
    const issue = await createIssue(fx.town, 'web', { title: 'Leave a helper', labels: ['escape'] });
    const r = await spawnPolecat(fx.town, { issue: issue.id, agent: 'scripted', tmux: fx.tmux });
    const child = await escapedChild(fx, r.polecat.name);
    const mark = polecatMark(fx.town, r.polecat);
    // Before: the agent and its escaped helper both carry the polecat's mark.
    const before = (await agentProcesses(local.processes, mark)).map((p) => p.pid);
    expect(before).toContain(child.pid);
    expect(before.length).toBeGreaterThanOrEqual(2);
    const sessionPid = (await fx.tmux.paneProcess(r.session)).pid;
    expect(readStat(child.pid)!.sid).not.toBe(readStat(sessionPid)!.sid);

    const stopped = await stopPolecat(resolvePolecat(fx.town, r.polecat.name), { tmux: fx.tmux });
    expect(stopped.hadSession).toBe(true);
    expect(isRunning(child)).toBe(false);
    expect(await agentProcesses(local.processes, mark)).toEqual([]);
    expect(await fx.tmux.hasSession(r.session)).toBe(false);
  });

  it('polecat rm (the witness cleanup and GC path) ends the escaped child of a finished agent', async () => {
    fx = await makeTown();
    const issue = await createIssue(fx.town, 'web', { title: 'Helper, then done', labels: ['escape'] });
    const r = await spawnPolecat(fx.town, { issue: issue.id, agent: 'scripted', tmux: fx.tmux });
    const child = await escapedChild(fx, r.polecat.name);
    await waitFor(
      'done',
      () => readPolecat(fx!.town.rigPaths('web'), r.polecat.name)?.state === 'done' || undefined,
    );
    // Landed work is what rm allows: push the branch to origin's main through the refinery's way.
    const { land } = await import('../../src/refinery/land.js');
    await land(fx.town, 'web', r.polecat.name, { force: true });
    await removePolecat(resolvePolecat(fx.town, r.polecat.name), { tmux: fx.tmux });
    expect(isRunning(child)).toBe(false);
    expect(await agentProcesses(local.processes, polecatMark(fx.town, r.polecat))).toEqual([]);
  });

  it('a stop when the session is already gone still ends the escaped child', async () => {
    fx = await makeTown();
    const issue = await createIssue(fx.town, 'web', { title: 'Orphan', labels: ['escape'] });
    const r = await spawnPolecat(fx.town, { issue: issue.id, agent: 'scripted', tmux: fx.tmux });
    const child = await escapedChild(fx, r.polecat.name);
    await fx.tmux.killSession(r.session); // what `tmux kill-session` alone leaves behind
    expect(isRunning(child)).toBe(true);
    await stopPolecat(resolvePolecat(fx.town, r.polecat.name), { tmux: fx.tmux });
    expect(isRunning(child)).toBe(false);
    expect(await agentProcesses(local.processes, polecatMark(fx.town, r.polecat))).toEqual([]);
  });
});
