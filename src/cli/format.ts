import { InvalidArgumentError } from 'commander';
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

/**
 * A whole-number option: anything else (a word, a fraction, out of range) is
 * a usage error naming the option (exit 2), reported by the argument parser.
 */
export function intOption(name: string, range: { min?: number; max?: number } = {}) {
  return (value: string): number => {
    const n = value.trim() === '' ? NaN : Number(value);
    const { min, max } = range;
    const span =
      min !== undefined && max !== undefined
        ? ` from ${min} to ${max}`
        : min !== undefined
          ? ` of at least ${min}`
          : max !== undefined
            ? ` of at most ${max}`
            : '';
    if (!Number.isInteger(n) || (min !== undefined && n < min) || (max !== undefined && n > max))
      throw new InvalidArgumentError(`${name} takes a whole number${span}`);
    return n;
  };
}

/** A word for a printed shell command: as is when plain, else single-quoted. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
