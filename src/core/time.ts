/** Wall-clock helpers. Decision code takes `now` as a parameter instead. */
export function nowIso(): string {
  return new Date().toISOString();
}

export function ageMs(iso: string | undefined, now: number): number {
  if (!iso) return 0;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : Math.max(0, now - t);
}

/** Compact human age: 12s, 4m, 3h, 2d. */
export function formatAge(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

/**
 * A key that orders ISO-8601 timestamps by time whatever their offset or
 * precision (bd writes `2025-12-31T16:05:20.70823-08:00`, Overseer
 * `2026-01-01T00:05:20.708Z`): UTC with milliseconds, then any finer digits.
 * Overseer's own form is its own key. Unparseable text is returned as is.
 */
export function isoKey(s: string): string {
  if (s.length === 24 && s.charCodeAt(23) === 90 && s.charCodeAt(19) === 46) return s;
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) return s;
  const frac = /\.\d{3}(\d+)/.exec(s)?.[1]?.replace(/0+$/, '') ?? '';
  return new Date(ms).toISOString() + frac;
}

/** Order two ISO-8601 timestamps by time (negative: a is earlier). */
export function compareIso(a: string, b: string): number {
  if (a === b) return 0;
  const ka = isoKey(a);
  const kb = isoKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
