/**
 * Which panes are on screen and where, as a pure function of the terminal
 * size. Narrow (<120 cols): the focused pane, with a preview strip under it
 * when there are enough rows. Medium (120–159): the focused pane beside the
 * preview. Wide (>=160): list panes stacked in two or three columns, plus the
 * preview column. Any pane becomes visible when focused, so every pane is
 * reachable by switching. Rows: one header line, one footer line.
 */

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PaneRect extends Rect {
  readonly id: string;
}

export type LayoutMode = 'single' | 'split' | 'columns';

export interface Layout {
  readonly mode: LayoutMode;
  readonly header: Rect;
  readonly body: Rect;
  readonly footer: Rect;
  /** Visible panes; rectangles tile the body without overlap. */
  readonly panes: readonly PaneRect[];
  /** Panes not drawn now (reachable by focusing them). */
  readonly hidden: readonly string[];
  /** The terminal is below the supported minimum; the app should say so. */
  readonly tooSmall: boolean;
}

export interface LayoutOptions {
  /** The agent-output preview pane; drawn as a strip/column, not a list. Default 'preview'. */
  readonly previewId?: string;
  /** From this width: focused pane beside the preview. Default 120. */
  readonly splitCols?: number;
  /** From this width: several columns of stacked panes. Default 160. */
  readonly wideCols?: number;
  /** Smallest height of a stacked pane (border 2, header 1, rows). Default 6. */
  readonly minStackHeight?: number;
}

export const MIN_COLS = 40;
export const MIN_ROWS = 10;

/** Split `total` into `parts` sizes by weight; sizes sum to total exactly. */
export function splitSizes(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const sizes = weights.map((w) => Math.floor((total * w) / sum));
  let rest = total - sizes.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % sizes.length, rest--) sizes[i]!++;
  return sizes;
}

function stack(ids: readonly string[], x: number, y: number, width: number, height: number): PaneRect[] {
  const hs = splitSizes(
    height,
    ids.map(() => 1),
  );
  let top = y;
  return ids.map((id, i) => {
    const r = { id, x, y: top, width, height: hs[i]! };
    top += hs[i]!;
    return r;
  });
}

export function computeLayout(
  cols: number,
  rows: number,
  paneIds: readonly string[],
  focused: string,
  options: LayoutOptions = {},
): Layout {
  const { previewId = 'preview', splitCols = 120, wideCols = 160, minStackHeight = 6 } = options;
  const width = Math.max(1, Math.floor(cols));
  const height = Math.max(3, Math.floor(rows));
  const header: Rect = { x: 0, y: 0, width, height: 1 };
  const footer: Rect = { x: 0, y: height - 1, width, height: 1 };
  const body: Rect = { x: 0, y: 1, width, height: height - 2 };
  const tooSmall = cols < MIN_COLS || rows < MIN_ROWS;

  const ids = [...new Set(paneIds)];
  const hasPreview = ids.includes(previewId);
  const lists = ids.filter((id) => id !== previewId);
  const focus = ids.includes(focused) ? focused : (ids[0] ?? '');
  const done = (mode: LayoutMode, panes: PaneRect[]): Layout => ({
    mode,
    header,
    body,
    footer,
    panes,
    hidden: ids.filter((id) => !panes.some((p) => p.id === id)),
    tooSmall,
  });
  if (ids.length === 0) return done('single', []);

  // Narrow: one pane at a time, preview strip below when it fits.
  if (width < splitCols || tooSmall || ids.length === 1) {
    const strip = hasPreview && focus !== previewId && !tooSmall && body.height >= 16;
    if (!strip) return done('single', [{ id: focus, ...body }]);
    const stripH = Math.min(12, Math.max(5, Math.round(body.height / 3)));
    return done('single', [
      { id: focus, x: 0, y: body.y, width, height: body.height - stripH },
      { id: previewId, x: 0, y: body.y + body.height - stripH, width, height: stripH },
    ]);
  }

  // Medium: focused list pane beside the preview (or beside the next pane).
  if (width < wideCols || lists.length === 0) {
    const [lw, rw] = splitSizes(width, [55, 45]) as [number, number];
    let left = focus;
    let right: string;
    if (hasPreview) {
      if (focus === previewId) left = lists[0] ?? previewId;
      right = previewId;
    } else {
      right = ids[(ids.indexOf(focus) + 1) % ids.length]!;
    }
    if (left === right) return done('split', [{ id: left, ...body }]);
    return done('split', [
      { id: left, x: 0, y: body.y, width: lw, height: body.height },
      { id: right, x: lw, y: body.y, width: rw, height: body.height },
    ]);
  }

  // Wide: list panes in 2 (with preview) or 3 columns, stacked when tall enough.
  const listCols = Math.min(lists.length, hasPreview ? 2 : 3);
  const weights = [
    ...Array.from({ length: listCols }, () => 1),
    ...(hasPreview ? [listCols === 1 ? 1 : 0.9] : []),
  ];
  const widths = splitSizes(width, weights);
  const groups = splitSizes(
    lists.length,
    Array.from({ length: listCols }, () => 1),
  );
  const panes: PaneRect[] = [];
  let x = 0;
  let start = 0;
  for (let c = 0; c < listCols; c++) {
    const group = lists.slice(start, start + groups[c]!);
    start += groups[c]!;
    const fits = group.length * minStackHeight <= body.height;
    const shown = fits ? group : [group.includes(focus) ? focus : group[0]!];
    panes.push(...stack(shown, x, body.y, widths[c]!, body.height));
    x += widths[c]!;
  }
  if (hasPreview) panes.push({ id: previewId, x, y: body.y, width: widths[listCols]!, height: body.height });
  return done('columns', panes);
}

/** The pane `delta` steps from `focused` in order, wrapping (Tab / Shift+Tab). */
export function cyclePane<T extends string>(paneIds: readonly T[], focused: T, delta: number): T {
  if (paneIds.length === 0) return focused;
  const i = paneIds.indexOf(focused);
  const n = paneIds.length;
  return paneIds[(((i === -1 ? 0 : i + delta) % n) + n) % n]!;
}
