import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { attentionItems } from '../../src/daemon/attention.js';
import { blockOnOverlap, nudgeAboutOverlap } from '../../src/oracle/steer.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { createIssue, getIssue } from '../../src/town/issues.js';
import { inbox } from '../../src/town/mail.js';
import { listMergeRequests } from '../../src/town/merge-requests.js';
import { readPolecat } from '../../src/town/polecat-state.js';
import { readTownSnapshot } from '../../src/town/snapshot.js';
import { daemonTown, type DaemonFixture } from '../support/daemon-town.js';
import { ov, ovJson } from '../support/cli.js';
import { git, waitFor } from '../support/town-fixture.js';

/**
 * The oracle with real parts: scripted agents in real tmux sessions edit
 * given lines of one file, commit, and wait without running `done`; the
 * daemon ticks by hand.
 */
let fx: DaemonFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

const cart = Array.from({ length: 40 }, (_, i) => `cart line ${i + 1}`).join('\n') + '\n';
const other = Array.from({ length: 10 }, (_, i) => `other line ${i + 1}`).join('\n') + '\n';

async function town(): Promise<DaemonFixture> {
  // A long stuck timer: the witness must not nudge the waiting agents into running `done`.
  return daemonTown({
    settings: { witness: { stuck_after: '10m' } },
    files: { 'src/cart.ts': cart, 'src/other.ts': other },
  });
}

/** Spawn NAME editing `edit` (FILE:A-B) and wait until its commit is on its branch. */
async function spawnEditor(f: DaemonFixture, name: string, edit: string): Promise<string> {
  const issue = await createIssue(f.town, 'web', {
    title: `${name} edits ${edit}`,
    labels: ['behaviour:edit-and-wait', `edit:${edit}`],
  });
  await spawnPolecat(f.town, { issue: issue.id, name, agent: 'scripted', tmux: f.tmux });
  const canonical = f.town.rigPaths('web').canonicalClone;
  await waitFor(`${name}'s commit`, () => {
    const log = git(canonical, ['log', '--format=%s', `main..polecat/${name}`]).trim();
    return log !== '' || undefined;
  });
  return issue.id;
}

const overlapItems = (f: DaemonFixture) =>
  attentionItems(readTownSnapshot(f.town.root), Date.now()).filter((i) => i.kind === 'overlap');

describe('overlap warnings with scripted agents', () => {
  it('same lines: attention within one tick after the second commits, before either runs done', async () => {
    fx = await town();
    const f = fx;
    await spawnEditor(f, 'nux', 'src/cart.ts:10-20');
    await f.daemon.tick();
    expect(overlapItems(f)).toEqual([]);
    const slitIssue = await spawnEditor(f, 'slit', 'src/cart.ts:15-30');

    await f.daemon.tick();

    const items = overlapItems(f);
    expect(items).toEqual([
      expect.objectContaining({
        rig: 'web',
        polecat: 'slit',
        other: 'nux',
        issue: slitIssue,
        reason: 'nux and slit both change src/cart.ts lines 10–30',
      }),
    ]);
    // Neither ran done: no merge request, both still work.
    expect(listMergeRequests(f.town, 'web')).toEqual([]);
    for (const n of ['nux', 'slit'])
      expect(readPolecat(f.town.rigPaths('web'), n)!.state).not.toMatch(/done|dead/);
    const ev = f.events('daemon.overlap');
    expect(ev).toHaveLength(1);
    expect(ev[0]!.data).toMatchObject({ class: 'same-region', quiet: false, later: 'polecat/slit' });
    expect(ev[0]!.message).toContain('nux and slit both change src/cart.ts lines 10–30');
    // Announced once: more ticks, no more events.
    await f.daemon.tick();
    expect(f.events('daemon.overlap')).toHaveLength(1);

    // From the item: nudge the later polecat with the other's change.
    const n = await nudgeAboutOverlap(f.town, 'slit');
    expect(n.others).toEqual(['nux']);
    const mail = inbox(f.town, 'web/polecats/slit')[0]!;
    expect(mail.description).toContain('src/cart.ts: modified, lines 10–20 of main (+11 −11)');
    expect(mail.description).toContain('git diff origin/main...polecat/nux -- src/cart.ts');
    const prompt = readPolecat(f.town.rigPaths('web'), 'slit')!.prompt_file!;
    await waitFor('the nudge in the agent', () =>
      readFileSync(`${prompt}.received`, 'utf8').includes('nux and slit both change src/cart.ts lines 10–30')
        ? true
        : undefined,
    );
    expect(overlapItems(f)).toEqual([]);
  });

  it('a blocks dependency from the item sequences the two and clears it', async () => {
    fx = await town();
    const f = fx;
    const nuxIssue = await spawnEditor(f, 'nux', 'src/cart.ts:5-8');
    const slitIssue = await spawnEditor(f, 'slit', 'src/cart.ts:8-9');
    await f.daemon.tick();
    expect(overlapItems(f).map((i) => i.polecat)).toEqual(['slit']);
    const r = await blockOnOverlap(f.town, 'slit');
    expect(r.waitsFor).toEqual([nuxIssue]);
    expect(getIssue(f.town, slitIssue).dependencies).toContainEqual(
      expect.objectContaining({ depends_on_id: nuxIssue, type: 'blocks' }),
    );
    expect(overlapItems(f)).toEqual([]);
  });

  it('different files: no pair, no event, no attention', async () => {
    fx = await town();
    const f = fx;
    await spawnEditor(f, 'nux', 'src/cart.ts:1-3');
    await spawnEditor(f, 'slit', 'src/other.ts:1-3');
    await f.daemon.tick();
    await f.daemon.tick();
    const report = readTownSnapshot(f.town.root).rigs[0]!.oracle!;
    expect(Object.keys(report.branches).sort()).toEqual(['polecat/nux', 'polecat/slit']);
    expect(report.pairs).toEqual([]);
    expect(f.events('daemon.overlap')).toEqual([]);
    expect(overlapItems(f)).toEqual([]);
  });

  it('different regions of one file: classified so, a quiet event, no attention', async () => {
    fx = await town();
    const f = fx;
    await spawnEditor(f, 'nux', 'src/cart.ts:1-3');
    await spawnEditor(f, 'slit', 'src/cart.ts:30-33');
    await f.daemon.tick();
    const report = readTownSnapshot(f.town.root).rigs[0]!.oracle!;
    expect(report.pairs.map((p) => [p.class, p.summary])).toEqual([
      ['different-regions', 'nux and slit change different parts of src/cart.ts'],
    ]);
    const ev = f.events('daemon.overlap');
    expect(ev.map((e) => e.data)).toEqual([
      expect.objectContaining({ class: 'different-regions', quiet: true }),
    ]);
    expect(overlapItems(f)).toEqual([]);
    // The CLI lists the pair (and reads the same report).
    const env = { OVERSEER_TOWN: f.town.root };
    const cli = await ov(['overlaps', '--rig', 'web'], { env });
    expect(cli.exitCode).toBe(0);
    expect(cli.stdout).toMatch(
      /web\s+different-regions\s+nux\s+slit\s+\S+\s+nux and slit change different parts of src\/cart.ts/,
    );
    const json = await ovJson<{ rig: string; pairs: { class: string }[] }[]>(['overlaps'], { env });
    expect(json.map((r) => [r.rig, r.pairs.map((p) => p.class)])).toEqual([['web', ['different-regions']]]);
    const bad = await ov(['overlaps', '--rig', 'nope'], { env });
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toContain('nope');
  });
});
