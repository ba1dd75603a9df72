import { afterEach, describe, expect, it } from 'vitest';
import { addComment } from '../../src/town/comments.js';
import { addDependency } from '../../src/town/issues.js';
import { issueDetailLines } from '../../src/ui/selectors/issue-detail.js';
import { IssueMap } from '../../src/town/issue-map.js';
import type { Bead } from '../../src/town/schemas/bead.js';
import type { StoreSnapshot } from '../../src/store/types.js';
import { readyPane, spawnableIssues } from '../../src/ui/panes/ready.js';
import { selectReady } from '../../src/ui/selectors/ready.js';
import { KEY } from '../support/ui/render.js';
import { townFixture, type Fixture } from '../support/ui/panes-fixture.js';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const at = '2026-01-01T00:00:00.000Z';
const bead = (id: string, more: Partial<Bead> = {}): Bead => ({
  id,
  title: `title of ${id}`,
  description: '',
  status: 'open',
  priority: 2,
  issue_type: 'task',
  labels: [],
  dependencies: [],
  created_at: at,
  updated_at: at,
  ...more,
});

describe('issue detail', () => {
  it('the ready pane detail shows the issue, its dependencies and its comments', async () => {
    fx = await townFixture({ cols: 100, rows: 40 });
    await addDependency(fx.t.town, fx.ids.a!, fx.ids.b!, 'related');
    await addComment(fx.t.town, fx.ids.a!, 'Use the \x1b[31mdesign\x1b[0m tokens\nand the grid', 'rita');
    await fx.ui.press('6');
    await fx.see('Build the login form');
    await fx.ui.press(KEY.enter);
    const f = await fx.see('comments (1):');
    expect(f).toContain(`related ${fx.ids.b}: open  Fix red header`);
    expect(f).toMatch(/rita, \d{4}-\d\d-\d\dT/);
    expect(f).toContain('Use the design tokens');
    expect(f).toContain('and the grid');
    expect(f).not.toContain('\x1b[31m');
    await fx.ui.press(KEY.escape);
    await fx.see(/[─═] Ready issues /);
  });

  it('names a dependency target that is missing, deleted or unreadable', () => {
    const issues = new IssueMap(
      [
        [
          'w-a',
          bead('w-a', {
            dependencies: ['w-gone', 'w-del', 'w-bad', 'w-done'].map((t) => ({
              issue_id: 'w-a',
              depends_on_id: t,
              type: 'blocks',
            })),
          }),
        ],
        ['w-done', bead('w-done', { status: 'closed', closed_at: at })],
        ['w-bad', bead('w-bad')],
      ],
      [['w-del', bead('w-del', { status: 'tombstone' })]],
      [['w-bad', 'f:3: not valid JSON']],
    );
    const lines = issueDetailLines(issues.get('w-a')!, issues);
    expect(lines).toContain('  blocks w-gone: missing');
    expect(lines).toContain('  blocks w-del: deleted');
    expect(lines).toContain('  blocks w-bad: cannot be read');
    expect(lines).toContain('  blocks w-done: closed, done  title of w-done');
    expect(lines).toContain('comments (0):');
  });

  it('lists bd work a polecat cannot take, says why, and never offers it to spawn', () => {
    const rig = (name: string, beads: Bead[]) => ({
      name,
      issues: new Map(beads.map((b) => [b.id, b])),
      polecats: [],
      attempts: new Map(),
    });
    const snap = {
      seq: 1,
      root: '/town',
      loading: false,
      townBeads: new Map(),
      events: [],
      // Two rigs: one order across them, by time whatever the offset (a later
      // text but an earlier instant comes first).
      rigs: [
        rig('web', [
          bead('w-dec', { issue_type: 'decision', priority: 1 }),
          bead('w-task', { created_at: '2026-01-01T00:30:00Z' }),
          bead('w-odd', { issue_type: 'odd\x1b[2Jtype', priority: 3 }),
        ]),
        rig('api', [bead('a-early', { created_at: '2026-01-01T01:00:00+01:00' })]),
      ],
      paneActivity: new Map(),
      errors: [],
    } as unknown as StoreSnapshot;
    const ready = selectReady(snap);
    expect(ready.map((r) => r.id)).toEqual(['w-dec', 'a-early', 'w-task', 'w-odd']);
    expect(ready.find((r) => r.id === 'w-odd')!.type).not.toContain('\x1b');
    expect(spawnableIssues(snap, '').map((r) => r.id)).toEqual(['a-early', 'w-task']);
    const key = () => 's';
    const dec = ready[0]!;
    expect(readyPane.controller.detail(dec, snap, 0, key).lines.at(-1)).toBe(
      'a decision is not work a polecat can take',
    );
    const actions = readyPane.list(snap, '', 0).select(0).actions;
    expect(actions.find((a) => a.command === 'action.spawn')).toEqual({
      command: 'action.spawn',
      why: 'a decision is not work a polecat can take',
    });
    const task = readyPane.list(snap, '', 0).select(2).actions;
    expect(task.find((a) => a.command === 'action.spawn')?.run).toBeTypeOf('function');
  });
});
