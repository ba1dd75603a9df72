import { sanitizeLine } from '../core/sanitize.js';

/** Plain-text table for the CLI: columns padded, untrusted cells sanitized. */
export function table(headers: string[], rows: (string | number | undefined)[][]): string {
  if (rows.length === 0) return '';
  const cells = rows.map((r) => r.map((c) => sanitizeLine(c === undefined ? '' : String(c), 80)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...cells.map(line)].join('\n');
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function intOption(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n)) throw new Error(`${name} must be a whole number, got ${JSON.stringify(value)}`);
    return n;
  };
}

/** A word for a printed shell command: as is when plain, else single-quoted. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
