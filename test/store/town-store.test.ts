import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeJsonAtomic } from '../../src/core/json-file.js';
import { TownStore } from '../../src/store/town-store.js';
import { createIssue } from '../../src/town/issues.js';
import { sendMail } from '../../src/town/mail.js';
import { writePolecat } from '../../src/town/polecat-state.js';
import { addRig } from '../../src/town/rigs.js';
import { bareOrigin, makeTown, polecat, sleep, type TestTown, waitForSnapshot } from '../support/store.js';
import { rigGit } from '../../src/runtime/git.js';
import { LocalRunner } from '../../src/runtime/local-runner.js';

describe('TownStore', () => {
  let t: TestTown;
  let store: TownStore;

  beforeEach(async () => {
    t = await makeTown();
  });
  afterEach(async () => {
    await store?.stop();
    t.cleanup();
  });

  it('reads the whole town once at start', async () => {
    await createIssue(t.town, 'web', { title: 'First issue' });
    await writePolecat(t.town.rigPaths('web'), polecat('ace'));
    await sendMail(t.town, { to: 'overseer', subject: 'hello', body: 'hi' });
    store = new TownStore(t.town.root).start();
    const s = store.getSnapshot();
    expect(s.town?.name).toBe('testtown');
    expect(s.rigs.map((r) => r.name)).toEqual(['web']);
    expect(s.rigs[0]!.config?.beads.prefix).toBe('web');
    expect([...s.rigs[0]!.issues.values()].map((i) => i.title)).toEqual(['First issue']);
    expect(s.rigs[0]!.polecats.map((p) => p.name)).toEqual(['ace']);
    expect([...s.townBeads.values()].map((b) => b.title)).toEqual(['hello']);
    expect(s.events.some((e) => e.kind === 'town.installed')).toBe(true);
    expect(s.errors).toEqual([]);
  });

  it('keeps the same snapshot while nothing changes, and shares unchanged parts', async () => {
    store = new TownStore(t.town.root).start();
    const s1 = store.getSnapshot();
    await sleep(100);
    expect(store.getSnapshot()).toBe(s1);
    await writePolecat(t.town.rigPaths('web'), polecat('ace'));
    const s2 = await waitForSnapshot(store, (s) => s.rigs[0]!.polecats.length === 1);
    expect(s2).not.toBe(s1);
    expect(s2.townBeads).toBe(s1.townBeads);
    expect(s2.rigs[0]!.issues).toBe(s1.rigs[0]!.issues);
  });

  it('publishes nothing when a file is rewritten with the same content', async () => {
    const rp = t.town.rigPaths('web');
    const ace = polecat('ace');
    await writePolecat(rp, ace);
    store = new TownStore(t.town.root).start();
    const s1 = store.getSnapshot();
    let notes = 0;
    store.subscribe(() => notes++);
    // Rewrite exactly what is on disk (writePolecat stamps updated_at itself).
    const onDisk: unknown = JSON.parse(readFileSync(rp.polecatState('ace'), 'utf8'));
    await writeJsonAtomic(rp.polecatState('ace'), onDisk);
    store.touch(rp.polecatState('ace'));
    store.flush();
    await sleep(150);
    expect(notes).toBe(0);
    expect(store.getSnapshot()).toBe(s1);
    await writeJsonAtomic(rp.polecatState('ace'), { ...(onDisk as object), state_reason: 'changed' });
    const s2 = await waitForSnapshot(store, (s) => s.rigs[0]!.polecats[0]?.state_reason === 'changed');
    expect(s2).not.toBe(s1);
  });

  it('follows atomic replacement of a polecat file and its removal', async () => {
    const rp = t.town.rigPaths('web');
    await writePolecat(rp, polecat('ace'));
    store = new TownStore(t.town.root).start();
    await writePolecat(rp, polecat('ace', { state: 'waiting', state_reason: 'asks for permission' }));
    await waitForSnapshot(store, (s) => s.rigs[0]!.polecats[0]?.state === 'waiting');
    await writePolecat(rp, polecat('ace', { state: 'stuck', state_reason: 'no output for 10m' }));
    await waitForSnapshot(store, (s) => s.rigs[0]!.polecats[0]?.state === 'stuck');
    const { rmSync } = await import('node:fs');
    rmSync(rp.polecatState('ace'));
    await waitForSnapshot(store, (s) => s.rigs[0]!.polecats.length === 0);
  });

  it('a progressive start sees what changed before its rig watchers were set up, then follows changes', async () => {
    const rp = t.town.rigPaths('web');
    await writePolecat(rp, polecat('ace'));
    store = new TownStore(t.town.root, { progressive: true }).start();
    expect(store.getSnapshot().rigs[0]!.polecats.map((p) => p.state)).toEqual([polecat('ace').state]);
    // Before the next turn of the event loop, when the rigs' watchers are set up:
    const waiting = polecat('ace', { state: 'waiting', state_reason: 'asks for permission' });
    writeFileSync(rp.polecatState('ace'), JSON.stringify(waiting));
    writeFileSync(rp.polecatState('bob'), JSON.stringify(polecat('bob')));
    const event = {
      version: 1,
      kind: 'test.between',
      actor: 'test',
      message: 'm',
      ts: new Date().toISOString(),
    };
    appendFileSync(t.town.paths.events, JSON.stringify(event) + '\n');
    const ace = (s: ReturnType<TownStore['getSnapshot']>) =>
      s.rigs[0]!.polecats.find((p) => p.name === 'ace');
    await waitForSnapshot(
      store,
      (s) =>
        s.rigs[0]!.polecats.length === 2 &&
        ace(s)?.state === 'waiting' &&
        s.events.some((e) => e.kind === 'test.between'),
    );
    await writePolecat(rp, polecat('ace', { state: 'stuck', state_reason: 'no output for 10m' }));
    await waitForSnapshot(store, (s) => ace(s)?.state === 'stuck');
  });

  it('notifies once per burst of writes', async () => {
    store = new TownStore(t.town.root, { debounceMs: 15 }).start();
    let notes = 0;
    store.subscribe(() => notes++);
    const rp = t.town.rigPaths('web');
    await Promise.all(Array.from({ length: 20 }, (_, i) => writePolecat(rp, polecat(`p${i}`))));
    await waitForSnapshot(store, (s) => s.rigs[0]!.polecats.length === 20);
    await sleep(100);
    expect(notes).toBeGreaterThan(0);
    expect(notes).toBeLessThan(10);
  });

  it('reads JSONL logs incrementally: new issues, mail and events appear', async () => {
    store = new TownStore(t.town.root).start();
    const before = store.getSnapshot().events.length;
    const issue = await createIssue(t.town, 'web', { title: 'Later issue' });
    await sendMail(t.town, { to: 'overseer', subject: 'ping', body: 'x' });
    const s = await waitForSnapshot(
      store,
      (s) => s.rigs[0]!.issues.has(issue.id) && [...s.townBeads.values()].some((b) => b.title === 'ping'),
    );
    await waitForSnapshot(store, (s) => s.events.length > before);
    expect(s.rigs[0]!.issues.get(issue.id)?.title).toBe('Later issue');
  });

  it('shows a corrupted file as an error naming it, keeps its last good value, and keeps updating the rest', async () => {
    const rp = t.town.rigPaths('web');
    await writePolecat(rp, polecat('ace', { state_reason: 'good' }));
    store = new TownStore(t.town.root).start();
    writeFileSync(rp.polecatState('ace'), '{ this is not json');
    const bad = await waitForSnapshot(store, (s) => s.errors.length > 0);
    expect(bad.errors[0]!.file).toBe(rp.polecatState('ace'));
    expect(bad.errors[0]!.message).toMatch(/not valid JSON/);
    expect(bad.rigs[0]!.polecats[0]!.state_reason).toBe('good');
    // everything else keeps updating
    const issue = await createIssue(t.town, 'web', { title: 'Still flowing' });
    await waitForSnapshot(store, (s) => s.rigs[0]!.issues.has(issue.id));
    expect(store.getSnapshot().errors).toHaveLength(1);
    // fixing the file clears the badge
    await writePolecat(rp, polecat('ace', { state_reason: 'fixed' }));
    const ok = await waitForSnapshot(store, (s) => s.errors.length === 0);
    expect(ok.rigs[0]!.polecats[0]!.state_reason).toBe('fixed');
  });

  it('reports a schema-invalid rig config and a garbage beads line without losing the rest', async () => {
    store = new TownStore(t.town.root).start();
    const rp = t.town.rigPaths('web');
    appendFileSync(rp.beads, 'garbage line\n');
    const s = await waitForSnapshot(store, (s) => s.errors.some((e) => e.file === rp.beads));
    expect(s.errors.find((e) => e.file === rp.beads)!.message).toMatch(/not valid JSON/);
    await writeJsonAtomic(rp.config, { type: 'rig', version: 1, name: 'web' });
    const s2 = await waitForSnapshot(store, (s) => s.errors.some((e) => e.file === rp.config));
    expect(s2.rigs[0]!.config?.beads.prefix).toBe('web');
  });

  it('watches directories that appear later: attempts logs and the daemon heartbeat', async () => {
    store = new TownStore(t.town.root).start();
    const rp = t.town.rigPaths('web');
    mkdirSync(rp.attemptsDir, { recursive: true });
    const now = new Date().toISOString();
    const attempt = {
      version: 1,
      id: 'a1',
      issue: 'web-abc',
      rig: 'web',
      attempt: 1,
      tier: 0,
      tier_name: 'cheap',
      preset: 'scripted',
      started_at: now,
      verdict: 'escalate',
      feedback: 'tests failed',
    };
    appendFileSync(rp.attempts('web-abc'), JSON.stringify(attempt) + '\n');
    const s = await waitForSnapshot(store, (s) => (s.rigs[0]!.attempts.get('web-abc')?.length ?? 0) === 1);
    expect(s.rigs[0]!.attempts.get('web-abc')![0]!.feedback).toBe('tests failed');
    appendFileSync(
      rp.attempts('web-abc'),
      JSON.stringify({ ...attempt, id: 'a2', attempt: 2, tier: 1 }) + '\n',
    );
    await waitForSnapshot(store, (s) => s.rigs[0]!.attempts.get('web-abc')?.length === 2);
    await writeJsonAtomic(t.town.paths.daemonHeartbeat, { version: 1, pid: 1, ts: now });
    const h = await waitForSnapshot(store, (s) => s.heartbeat !== undefined);
    expect(h.heartbeat!.at).toBe(Date.parse(now));
  });

  it('starts watching a rig added while it runs', async () => {
    store = new TownStore(t.town.root).start();
    const origin2 = bareOrigin(t.base, 'api');
    await addRig(t.town, { name: 'api', source: origin2, prefix: 'api' }, rigGit(new LocalRunner()));
    await waitForSnapshot(store, (s) => s.rigs.some((r) => r.name === 'api' && r.config !== undefined));
    await writePolecat(t.town.rigPaths('api'), polecat('bob', { rig: 'api', issue: 'api-xyz' }));
    const s = await waitForSnapshot(
      store,
      (s) => s.rigs.find((r) => r.name === 'api')!.polecats.length === 1,
    );
    expect(s.rigs.find((r) => r.name === 'api')!.polecats[0]!.name).toBe('bob');
  });

  it('never watches worktrees or clones', async () => {
    store = new TownStore(t.town.root).start();
    const s1 = store.getSnapshot();
    writeFileSync(join(t.town.rigPaths('web').canonicalClone, 'README.md'), 'changed\n');
    mkdirSync(join(t.town.rigPaths('web').polecatsDir, 'ace'), { recursive: true });
    writeFileSync(join(t.town.rigPaths('web').polecatsDir, 'ace', 'file.txt'), 'x');
    await sleep(150);
    expect(store.getSnapshot()).toBe(s1);
  });

  it('runs the pane-activity probe only for live polecats', async () => {
    const rp = t.town.rigPaths('web');
    await writePolecat(rp, polecat('ace'));
    await writePolecat(rp, polecat('old', { state: 'dead' }));
    const asked: string[][] = [];
    store = new TownStore(t.town.root, {
      activityIntervalMs: 50,
      activityProbe: async (sessions) => {
        asked.push(sessions);
        return new Map(sessions.map((s) => [s, 1000]));
      },
    }).start();
    const s = await waitForSnapshot(store, (s) => s.paneActivity.size > 0);
    expect(asked[0]).toEqual(['ov-web-ace']);
    expect(s.paneActivity.get('ov-web-ace')).toBe(1000);
    // unchanged answers do not make new snapshots
    await sleep(200);
    expect(store.getSnapshot()).toBe(s);
  });
});
