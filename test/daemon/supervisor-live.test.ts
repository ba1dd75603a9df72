import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { requestCycle } from '../../src/daemon/cycle.js';
import { startManager } from '../../src/daemon/managers.js';
import { resolvePolecat } from '../../src/polecats/resolve.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { createIssue, getIssue, addDependency, updateIssue } from '../../src/town/issues.js';
import { listMergeRequests } from '../../src/town/merge-requests.js';
import { inbox } from '../../src/town/mail.js';
import { readPolecat } from '../../src/town/polecat-state.js';
import { MayorState } from '../../src/town/schemas/town.js';
import { RigConfig } from '../../src/town/schemas/rig.js';
import { writeFileSync } from 'node:fs';
import { waitFor } from '../support/town-fixture.js';
import { daemonTown, type DaemonFixture } from '../support/daemon-town.js';
import { local } from '../support/runner.js';

let fx: DaemonFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

// A stand-in manager agent: prints what it is told, line by line.
const AGENTS = `version: 1
presets:
  echo-manager:
    command: ['{node}', '-e', 'console.log("manager ready"); process.stdin.on("data", (d) => console.log("GOT " + d.length + " bytes"))']
`;

const mayor = (f: DaemonFixture) =>
  MayorState.parse(JSON.parse(readFileSync(f.town.paths.mayorState, 'utf8')));

describe('supervisor with a real manager session', () => {
  it('pokes a quiet manager with the epic snapshot, respawns a dead one as a resume, asks the overseer past the cap', async () => {
    fx = await daemonTown({ agents: AGENTS });
    const f = fx;
    const epic = await createIssue(f.town, 'web', { title: 'The epic', type: 'epic' });
    await createIssue(f.town, 'web', { title: 'Child one', parent: epic.id });
    const started = await startManager(f.town, local, f.tmux, epic.id, { agent: 'echo-manager' });
    const m = { ...started, session: started.session! };
    expect(m).toMatchObject({ session: `ov-mgr-${epic.id}`, sessions_started: 1 });
    await waitFor('the manager to print', async () =>
      (await f.tmux.capturePane(m.session)).includes('manager ready'),
    );

    // Quiet for manager_busy_within (1s), no worker progressing → poke with the snapshot.
    const poke = await f.tickUntil('a poke', () => f.events('daemon.poke-manager')[0], 15_000);
    expect(poke.message).toContain('no worker progressing');
    await waitFor('the poke to land', async () =>
      (await f.tmux.capturePane(m.session, { lines: 50 })).includes('GOT'),
    );
    const pane = (await f.tmux.capturePane(m.session, { lines: 80 })).replace(/\s+/g, '');
    expect(pane).toContain(`Epic${epic.id}`.replace(/\s+/g, ''));
    // Cooldown: no second poke right away.
    for (let i = 0; i < 4; i++) await f.daemon.tick();
    expect(f.events('daemon.poke-manager')).toHaveLength(1);

    // The manager dies → respawned, with the resume framing in its prompt.
    await f.tmux.killSession(m.session);
    await f.tickUntil('a respawn', () => f.events('daemon.respawn-manager')[0], 15_000);
    expect(mayor(f).managers[epic.id]!.sessions_started).toBe(2);
    const prompt = readFileSync(`${f.town.paths.runtimeDir}/managers/${epic.id}.md`, 'utf8');
    expect(prompt).toContain('You are resuming as the manager');
    expect(prompt).toContain('Child one');

    // Dies again: cap (2) reached → one question to the overseer, no more respawns.
    await waitFor('the new session', () => f.tmux.hasSession(m.session));
    await f.tmux.killSession(m.session);
    await f.tickUntil(
      'the question',
      () => inbox(f.town, 'overseer').find((x) => x.labels.includes('about:manager')),
      15_000,
    );
    for (let i = 0; i < 6; i++) {
      await f.daemon.tick();
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(f.events('daemon.respawn-manager')).toHaveLength(1);
    expect(inbox(f.town, 'overseer').filter((x) => x.labels.includes('about:manager'))).toHaveLength(1);
  });
});

describe('session cycling and waves', () => {
  it('a polecat that asks to cycle gets a fresh session started with its handoff note', async () => {
    fx = await daemonTown();
    const f = fx;
    const issue = await createIssue(f.town, 'web', { title: 'Long task', labels: ['stall'] });
    const { polecat } = await spawnPolecat(f.town, { issue: issue.id, tmux: f.tmux });
    const ref = resolvePolecat(f.town, `web/${polecat.name}`);
    const mail = await requestCycle(ref, 'Done: parser. Next: wire the CLI flag in src/cli.ts.');
    await f.tickUntil('the cycle', () => f.events('daemon.cycle')[0]);
    const state = readPolecat(f.town.rigPaths('web'), polecat.name)!;
    expect(state.cycle_requested).toBe(false);
    const prompt = readFileSync(state.prompt_file!, 'utf8');
    expect(prompt).toContain('## Handoff from your previous session');
    expect(prompt).toContain('Next: wire the CLI flag in src/cli.ts.');
    expect(inbox(f.town, `web/polecats/${polecat.name}`).find((x) => x.id === mail.id)!.status).toBe(
      'closed',
    );
    await waitFor('the fresh session', async () =>
      (await f.tmux.capturePane(polecat.session, { lines: 60 })).includes('Long task'),
    );
    // Only one cycle.
    for (let i = 0; i < 3; i++) await f.daemon.tick();
    expect(f.events('daemon.cycle')).toHaveLength(1);
  });

  it('a cycled session finds `overseer` on its PATH and finishes with `overseer done`', async () => {
    fx = await daemonTown();
    const f = fx;
    // The first session stalls; the cycled one reads the issue again and succeeds.
    const issue = await createIssue(f.town, 'web', { title: 'Cycle then finish', labels: ['stall'] });
    const { polecat } = await spawnPolecat(f.town, { issue: issue.id, tmux: f.tmux });
    await updateIssue(f.town, issue.id, { removeLabels: ['stall'] });
    await requestCycle(resolvePolecat(f.town, `web/${polecat.name}`), 'Handoff: just finish it.');
    await f.tickUntil('the cycle', () => f.events('daemon.cycle')[0]);
    const mr = await waitFor(
      'a merge request from the cycled session',
      () => listMergeRequests(f.town, 'web').find((m) => m.mr?.source_issue === issue.id),
      30_000,
    ).catch(async (e: Error) => {
      throw new Error(`${e.message}\npane:\n${await f.tmux.capturePane(polecat.session, { lines: 40 })}`);
    });
    expect(mr.mr?.branch).toBe(polecat.branch);
    expect(await f.tmux.capturePane(polecat.session, { lines: 60 })).not.toContain('ENOENT');
  });

  it('dispatches the highest priority first and starts the next wave only when its blocker closes', async () => {
    fx = await daemonTown();
    const f = fx;
    const file = f.town.rigPaths('web').config;
    const cfg = RigConfig.parse(JSON.parse(readFileSync(file, 'utf8')));
    writeFileSync(file, JSON.stringify({ ...cfg, dispatch: true, max_workers: 1, worker_spawn_delay: 0 }));
    const low = await createIssue(f.town, 'web', { title: 'Low priority', priority: 3 });
    const high = await createIssue(f.town, 'web', { title: 'High priority', priority: 0 });
    const wave2 = await createIssue(f.town, 'web', { title: 'Needs high', priority: 0 });
    await addDependency(f.town, wave2.id, high.id);
    await f.tickUntil(
      'all three closed',
      () => [low, high, wave2].every((i) => getIssue(f.town, i.id).status === 'closed'),
      90_000,
    );
    const spawns = f.events('polecat.spawned');
    expect(spawns.map((e) => e.data?.issue)[0]).toBe(high.id);
    expect(spawns).toHaveLength(3);
    // The second wave starts only once its blocker is closed (merged).
    const wave2At = Date.parse(spawns.find((e) => e.data?.issue === wave2.id)!.ts);
    expect(wave2At).toBeGreaterThanOrEqual(Date.parse(getIssue(f.town, high.id).closed_at!));
  });
});
