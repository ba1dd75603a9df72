/** Sizing of one table column. With neither width nor flex, a column is flex 1. */
export interface ColumnSizing {
  /** Fixed width in terminal columns. */
  readonly width?: number;
  /** Share of the space left after fixed columns. */
  readonly flex?: number;
  /** A flex column never gets less than this while the table has room. */
  readonly minWidth?: number;
  /** Not drawn at all when the table is narrower than this (extra detail for wide panes). */
  readonly hideBelow?: number;
}

/**
 * Widths that, with `gap` columns between visible columns, add up to at
 * most `total`. Fixed columns first, then flex columns share the rest by
 * weight; when there is not enough room, columns are cut from the right
 * (a width of 0 means the column is not drawn).
 */
export function computeColumnWidths(columns: readonly ColumnSizing[], total: number, gap = 1): number[] {
  const isFlex = columns.map((c) => c.flex !== undefined || c.width === undefined);
  const hidden = columns.map((c) => c.hideBelow !== undefined && total < c.hideBelow);
  const widths = columns.map((c, i) =>
    hidden[i] ? 0 : Math.max(0, isFlex[i] ? (c.minWidth ?? 0) : (c.width ?? 0)),
  );
  const used = () => {
    const visible = widths.filter((w) => w > 0);
    return visible.reduce((a, b) => a + b, 0) + gap * Math.max(0, visible.length - 1);
  };
  // Too wide: shrink from the right.
  for (let i = widths.length - 1; i >= 0 && used() > Math.max(0, total); i--) {
    const over = used() - total;
    const w = widths[i]!;
    if (w === 0) continue;
    widths[i] = over >= w ? 0 : w - over;
  }
  // Room left: share it among flex columns by weight.
  const flexIdx = columns.map((_, i) => i).filter((i) => isFlex[i] && !hidden[i]);
  let free = total - used();
  // A flex column drawn from nothing also needs a gap.
  const needsGap = (i: number) => (widths[i] === 0 && widths.some((w) => w > 0) ? gap : 0);
  if (free > 0 && flexIdx.length > 0) {
    const weights = flexIdx.map((i) => columns[i]!.flex ?? 1);
    const sum = weights.reduce((a, b) => a + b, 0) || 1;
    const gaps = flexIdx.reduce((a, i) => a + needsGap(i), 0);
    const share = Math.max(0, free - gaps);
    let given = 0;
    const extra = flexIdx.map((_, k) => {
      const e = Math.floor((share * weights[k]!) / sum);
      given += e;
      return e;
    });
    for (let k = 0; given < share && k < extra.length; k++, given++) extra[k]!++;
    flexIdx.forEach((i, k) => {
      widths[i] = widths[i]! + extra[k]!;
    });
    free = total - used();
    // Rounding may leave a column over when a gap appeared; trim the last flex column.
    for (let k = flexIdx.length - 1; k >= 0 && free < 0; k--) {
      const i = flexIdx[k]!;
      const cut = Math.min(widths[i]!, -free);
      widths[i] = widths[i]! - cut;
      free = total - used();
    }
  }
  return widths;
}
