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
