import { describe, expect, it } from 'vitest';
import {
  addDependency,
  closeIssue,
  createIssue,
  getIssue,
  listIssues,
  readyIssues,
  updateIssue,
} from '../../src/town/issues.js';
import { ov, ovJson } from '../support/cli.js';
import { townWithRig } from '../support/town.js';

const ids = (xs: { id: string }[]) => xs.map((x) => x.id);

describe('issues and ready work', () => {
  it('ready work changes as blockers close (CLI end to end)', async () => {
    const { town } = await townWithRig();
    const cwd = town.root;
    const a = await ovJson<{ id: string }>(
      ['issue', 'create', 'web', '--title', 'Schema', '--priority', '1'],
      { cwd },
    );
    const b = await ovJson<{ id: string }>(['issue', 'create', 'web', '--title', 'API', '--priority', '0'], {
      cwd,
    });
    const c = await ovJson<{ id: string }>(['issue', 'create', 'web', '--title', 'UI'], { cwd });
    expect(a.id).toMatch(/^web-[a-z0-9]{4,}$/);
    await ovJson(['issue', 'dep', 'add', b.id, a.id], { cwd });
    await ovJson(['issue', 'dep', 'add', c.id, b.id], { cwd });

    expect(ids(await ovJson<{ id: string }[]>(['ready'], { cwd }))).toEqual([a.id]);
    await ovJson(['issue', 'close', a.id, '--reason', 'done'], { cwd });
    expect(ids(await ovJson<{ id: string }[]>(['ready'], { cwd }))).toEqual([b.id]);
    await ovJson(['issue', 'close', b.id], { cwd });
    expect(ids(await ovJson<{ id: string }[]>(['ready', '--rig', 'web'], { cwd }))).toEqual([c.id]);
    const shown = await ovJson<{ status: string; close_reason: string }>(['issue', 'show', a.id], { cwd });
    expect(shown).toMatchObject({ status: 'closed', close_reason: 'done' });
  });

  it('orders by priority then age, and hides in-progress, epics and records', async () => {
    const { town } = await townWithRig();
    const low = await createIssue(town, 'web', { title: 'low', priority: 3 });
    const high = await createIssue(town, 'web', { title: 'high', priority: 0 });
    const mid1 = await createIssue(town, 'web', { title: 'mid first', priority: 2 });
    const mid2 = await createIssue(town, 'web', { title: 'mid second', priority: 2 });
    const busy = await createIssue(town, 'web', { title: 'busy' });
    await updateIssue(town, busy.id, { status: 'in_progress', assignee: 'web/polecats/nux' });
    await createIssue(town, 'web', { title: 'an epic', type: 'epic' });
    expect(ids(readyIssues(town, 'web'))).toEqual([high.id, mid1.id, mid2.id, low.id]);
  });

  it('a child of a blocked epic is blocked too (parent-child)', async () => {
    const { town } = await townWithRig();
    const gate = await createIssue(town, 'web', { title: 'gate' });
    const epic = await createIssue(town, 'web', { title: 'epic', type: 'epic' });
    const child = await createIssue(town, 'web', { title: 'child', parent: epic.id });
    expect(ids(readyIssues(town, 'web'))).toEqual([gate.id, child.id]);
    await addDependency(town, epic.id, gate.id, 'blocks');
    expect(ids(readyIssues(town, 'web'))).toEqual([gate.id]);
    await closeIssue(town, gate.id);
    expect(ids(readyIssues(town, 'web'))).toEqual([child.id]);
    expect(getIssue(town, child.id).dependencies[0]).toMatchObject({
      depends_on_id: epic.id,
      type: 'parent-child',
    });
  });

  it('refuses cycles, self-dependencies and unknown ids', async () => {
    const { town } = await townWithRig();
    const a = await createIssue(town, 'web', { title: 'a' });
    const b = await createIssue(town, 'web', { title: 'b' });
    await addDependency(town, b.id, a.id);
    await expect(addDependency(town, a.id, b.id)).rejects.toThrow(/cycle/);
    await expect(addDependency(town, a.id, a.id)).rejects.toThrow(/itself/);
    await expect(addDependency(town, a.id, 'web-zzzz')).rejects.toThrow(/no issue "web-zzzz"/);
  });

  it('rejects bad input naming the value, with nothing written', async () => {
    const { town } = await townWithRig();
    const cwd = town.root;
    const cases: [string[], RegExp][] = [
      [['issue', 'create', 'web', '--title', 'x', '--priority', '7'], /invalid priority 7/],
      [['issue', 'create', 'web', '--title', 'x', '--type', 'saga'], /invalid issue type "saga"/],
      [['issue', 'create', 'nope', '--title', 'x'], /unknown rig "nope"/],
      [['issue', 'create', 'web', '--title', '  '], /non-empty --title/],
      [['issue', 'show', 'web-zzzz'], /no issue "web-zzzz"/],
      [['issue', 'list', '--status', 'not a status'], /invalid status "not a status"/],
      [['issue', 'update', 'web-zzzz', '--status', 'wip'], /invalid status "wip"/],
    ];
    for (const [args, msg] of cases) {
      const r = await ov(args, { cwd });
      expect(r.exitCode, args.join(' ')).not.toBe(0);
      expect(r.stderr).toMatch(msg);
    }
    expect(listIssues(town)).toEqual([]);
  });

  it('updates keep the whole record and the last record wins', async () => {
    const { town } = await townWithRig();
    const a = await createIssue(town, 'web', { title: 'a', labels: ['x'] });
    await updateIssue(town, a.id, { title: 'renamed', addLabels: ['y'], removeLabels: ['x'], priority: 1 });
    const again = getIssue(town, a.id);
    expect(again).toMatchObject({ title: 'renamed', labels: ['y'], priority: 1, status: 'open' });
    expect(listIssues(town)).toHaveLength(1);
  });
});
