import { describe, expect, it } from 'vitest';
import { computeLayout, cyclePane, splitSizes, type Layout } from '../../src/ui/index.js';

const PANES = ['polecats', 'attention', 'merge', 'mail', 'escalations', 'ready', 'preview'];

function assertTiles(l: Layout, cols: number, rows: number) {
  const b = l.body;
  expect(l.header).toEqual({ x: 0, y: 0, width: cols, height: 1 });
  expect(l.footer).toEqual({ x: 0, y: rows - 1, width: cols, height: 1 });
  let area = 0;
  for (const p of l.panes) {
    expect(p.x).toBeGreaterThanOrEqual(0);
    expect(p.y).toBeGreaterThanOrEqual(b.y);
    expect(p.x + p.width).toBeLessThanOrEqual(cols);
    expect(p.y + p.height).toBeLessThanOrEqual(b.y + b.height);
    area += p.width * p.height;
    for (const q of l.panes)
      if (q !== p)
        expect(
          p.x >= q.x + q.width || q.x >= p.x + p.width || p.y >= q.y + q.height || q.y >= p.y + p.height,
        ).toBe(true);
  }
  expect(area).toBe(b.width * b.height); // no gaps either
  expect([...l.panes.map((p) => p.id), ...l.hidden].sort()).toEqual([...new Set(PANES)].sort());
}

describe('computeLayout', () => {
  const table: [cols: number, rows: number, focused: string, mode: Layout['mode'], visible: string[]][] = [
    [80, 24, 'polecats', 'single', ['polecats', 'preview']],
    [80, 24, 'mail', 'single', ['mail', 'preview']],
    [80, 24, 'preview', 'single', ['preview']],
    [80, 16, 'polecats', 'single', ['polecats']],
    [100, 30, 'ready', 'single', ['ready', 'preview']],
    [120, 40, 'merge', 'split', ['merge', 'preview']],
    [140, 40, 'preview', 'split', ['polecats', 'preview']],
    [
      160,
      48,
      'polecats',
      'columns',
      ['polecats', 'attention', 'merge', 'mail', 'escalations', 'ready', 'preview'],
    ],
    [200, 16, 'mail', 'columns', ['polecats', 'mail', 'preview']],
    [200, 16, 'escalations', 'columns', ['polecats', 'escalations', 'preview']],
    [30, 8, 'merge', 'single', ['merge']],
  ];

  it.each(table)('%dx%d focused %s → %s showing %j', (cols, rows, focused, mode, visible) => {
    const l = computeLayout(cols, rows, PANES, focused);
    expect(l.mode).toBe(mode);
    expect(l.panes.map((p) => p.id)).toEqual(visible);
    assertTiles(l, cols, rows);
    expect(l.tooSmall).toBe(cols < 40 || rows < 10);
  });

  it('at 80x24 the main pane is above a preview strip, full width', () => {
    const l = computeLayout(80, 24, PANES, 'attention');
    expect(l.panes).toEqual([
      { id: 'attention', x: 0, y: 1, width: 80, height: 15 },
      { id: 'preview', x: 0, y: 16, width: 80, height: 7 },
    ]);
  });

  it('every pane is reachable (visible when focused) at every size', () => {
    for (const [cols, rows] of [
      [80, 24],
      [100, 30],
      [130, 40],
      [160, 30],
      [200, 60],
      [240, 12],
      [40, 10],
    ] as const)
      for (const id of PANES) {
        const l = computeLayout(cols, rows, PANES, id);
        expect(
          l.panes.some((p) => p.id === id),
          `${cols}x${rows} ${id}`,
        ).toBe(true);
        assertTiles(l, cols, rows);
      }
  });

  it('without a preview pane, medium width shows the next pane beside the focused one', () => {
    const l = computeLayout(130, 40, ['a', 'b', 'c'], 'c', { previewId: 'none' });
    expect(l.panes.map((p) => p.id)).toEqual(['c', 'a']);
    expect(
      computeLayout(170, 40, ['a', 'b', 'c'], 'a', { previewId: 'none' }).panes.map((p) => p.id),
    ).toEqual(['a', 'b', 'c']);
  });

  it('falls back to the first pane for an unknown focus and handles no panes', () => {
    expect(computeLayout(80, 24, ['a', 'b'], 'zzz').panes[0]!.id).toBe('a');
    expect(computeLayout(80, 24, [], 'x').panes).toEqual([]);
  });

  it('splitSizes sums exactly; cyclePane wraps both ways', () => {
    expect(splitSizes(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(cyclePane(['a', 'b', 'c'], 'c', 1)).toBe('a');
    expect(cyclePane(['a', 'b', 'c'], 'a', -1)).toBe('c');
  });
});
