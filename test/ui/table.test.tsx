import { describe, expect, it } from 'vitest';
import { useState } from 'react';
import stringWidth from 'string-width';
import {
  computeColumnWidths,
  Pane,
  scrollOffset,
  statusToken,
  Table,
  useListNavigation,
  type Column,
} from '../../src/ui/index.js';
import { KEY, renderUi } from '../support/ui/render.js';

interface Row {
  name: string;
  state: string;
  issue: string;
}
const makeRows = (n: number): Row[] =>
  Array.from({ length: n }, (_, i) => ({
    name: `polecat-${i}`,
    state: i % 3 ? 'working' : 'stuck',
    issue: `gt-${i} fix the thing number ${i}`,
  }));

let valueCalls = 0;
const columns: Column<Row>[] = [
  { id: 'name', header: 'NAME', width: 12, value: (r) => (valueCalls++, r.name) },
  { id: 'state', header: 'STATE', width: 8, value: (r) => r.state, token: (r) => statusToken(r.state) },
  { id: 'issue', header: 'ISSUE', flex: 1, value: (r) => r.issue },
];

function NavTable({ rows, height, width = 40 }: { rows: readonly Row[]; height: number; width?: number }) {
  const [sel] = useListNavigation(rows.length, { pageSize: height - 1 });
  return <Table columns={columns} rows={rows} width={width} height={height} selectedIndex={sel} focused />;
}

const lines = (s: string) => s.split('\n');

describe('column widths and scrolling (pure)', () => {
  it.each([
    [[{ width: 5 }, { flex: 1 }], 20, [5, 14]],
    [[{ width: 5 }, { flex: 1 }, { flex: 2 }], 20, [5, 5, 8]],
    [[{ width: 10 }, { width: 10 }], 15, [10, 4]],
    [[{ width: 10 }, { width: 10 }], 10, [10, 0]],
    [[{ flex: 1, minWidth: 3 }, { width: 4 }], 6, [3, 2]],
  ] as const)('%j in %d columns → %j', (cols, total, want) => {
    expect(computeColumnWidths(cols, total)).toEqual(want);
  });

  it('never exceeds the total width', () => {
    for (let total = 0; total < 60; total++) {
      const w = computeColumnWidths(
        [{ width: 8 }, { flex: 1, minWidth: 5 }, { width: 6 }, { flex: 2 }],
        total,
      );
      const visible = w.filter((x) => x > 0);
      expect(visible.reduce((a, b) => a + b, 0) + Math.max(0, visible.length - 1)).toBeLessThanOrEqual(total);
    }
  });

  it('moves the window minimally to keep the selection visible', () => {
    expect(scrollOffset(0, 4, 5, 100)).toBe(0);
    expect(scrollOffset(0, 5, 5, 100)).toBe(1);
    expect(scrollOffset(10, 3, 5, 100)).toBe(3);
    expect(scrollOffset(10, 12, 5, 100)).toBe(10);
    expect(scrollOffset(99, 99, 5, 100)).toBe(95);
    expect(scrollOffset(7, 2, 5, 4)).toBe(0);
  });
});

describe('Table', () => {
  it('draws header and rows, every line exactly the table width, long cells cut with …', async () => {
    const app = renderUi(
      <Table columns={columns} rows={makeRows(3)} width={40} height={5} selectedIndex={0} />,
    );
    const ls = lines(app.frame());
    expect(ls[0]).toMatch(/^NAME {9}STATE {4}ISSUE/);
    expect(ls[1]).toContain('polecat-0');
    expect(ls[1]).toContain('…');
    // ink trims trailing blanks of a frame line; nothing may be wider than the table.
    for (const l of ls.slice(0, 4)) expect(stringWidth(l)).toBeLessThanOrEqual(40);
    app.unmount();
  });

  it('never lets a wide (CJK/emoji) cell exceed its width', async () => {
    const rows = [
      { name: '漢字漢字漢字漢字', state: '🔥🔥🔥🔥🔥', issue: 'ｗｉｄｅ ｔｅｘｔ ｈｅｒｅ and more' },
    ];
    const app = renderUi(<Table columns={columns} rows={rows} width={30} height={2} />);
    for (const l of lines(app.frame())) expect(stringWidth(l)).toBeLessThanOrEqual(30);
    app.unmount();
  });

  it('scrolls to keep the selection visible and highlights it', async () => {
    const app = renderUi(<NavTable rows={makeRows(50)} height={6} />);
    await app.press(...Array(7).fill('j'));
    const ls = lines(app.frame());
    expect(ls).toHaveLength(6);
    expect(ls[5]).toContain('polecat-7');
    expect(ls[1]).toContain('polecat-3');
    await app.press('G');
    expect(lines(app.frame())[5]).toContain('polecat-49');
    await app.press('g');
    expect(lines(app.frame())[1]).toContain('polecat-0');
    await app.press(KEY.pageDown);
    expect(app.frame()).toContain('polecat-5');
    app.unmount();
  });

  it('renders only the visible rows of 20,000 (O(height) value calls per render)', async () => {
    const rows = makeRows(20_000);
    valueCalls = 0;
    const app = renderUi(<NavTable rows={rows} height={10} />);
    await app.press('G');
    expect(app.frame()).toContain('gt-19999');
    const renders = app.frames.length;
    expect(valueCalls).toBeLessThanOrEqual(9 * renders * 2);
    valueCalls = 0;
    await app.press(...Array(20).fill('k'));
    expect(valueCalls).toBeLessThanOrEqual(9 * 20 * 3);
    expect(app.frame()).toContain('gt-19979 ');
    app.unmount();
  });

  it('shows the empty text when there are no rows', () => {
    const app = renderUi(<Table columns={columns} rows={[]} width={30} height={3} emptyText="no polecats" />);
    expect(app.frame()).toContain('no polecats');
    app.unmount();
  });
});

describe('Pane', () => {
  it('draws title, count and error badge in the top border, sized exactly', () => {
    function P() {
      const [f] = useState(true);
      return (
        <Pane title="Polecats" count={12} error="2 errors" width={40} height={4} focused={f}>
          {null}
        </Pane>
      );
    }
    const app = renderUi(<P />);
    const ls = lines(app.frame());
    expect(ls[0]).toMatch(/^╔═ Polecats 12 ═ 2 errors ═+╗$/);
    expect(ls).toHaveLength(4);
    expect(stringWidth(ls[0]!)).toBe(40);
    for (const l of ls) expect(stringWidth(l)).toBeLessThanOrEqual(40);
    app.unmount();
  });

  it('drops the badge and cuts the title in a narrow pane', () => {
    const app = renderUi(
      <Pane title="Escalations and attempts" count={3} error="1 error" width={16} height={3} />,
    );
    const top = lines(app.frame())[0]!;
    expect(stringWidth(top)).toBe(16);
    expect(top).not.toContain('error');
    expect(top).toContain('…');
    app.unmount();
  });
});
