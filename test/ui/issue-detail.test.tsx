import { afterEach, describe, expect, it } from 'vitest';
import { addComment } from '../../src/town/comments.js';
import { addDependency } from '../../src/town/issues.js';
import { issueDetailLines } from '../../src/ui/selectors/issue-detail.js';
import { IssueMap } from '../../src/town/issue-map.js';
import type { Bead } from '../../src/town/schemas/bead.js';
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
});
