const BARS = '▁▂▃▄▅▆▇█';

/** The last `width` values as block characters, scaled between their min and max. */
export function sparkline(values: readonly number[], width = 30): string {
  const v = values.slice(-width);
  if (v.length === 0) return '';
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  return v.map((x) => BARS[hi === lo ? 0 : Math.round(((x - lo) / (hi - lo)) * (BARS.length - 1))]).join('');
}
