import type { QuietHours } from './config.js';

/** Minutes since midnight of `now` in `timezone` (default: this process's local time). */
export function minuteOfDay(now: number, timezone?: string): number {
  if (!timezone) {
    const d = new Date(now);
    return d.getHours() * 60 + d.getMinutes();
  }
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(now));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Is `now` inside the quiet hours? `from` is included, `to` is not; a range may cross midnight. */
export function inQuietHours(q: QuietHours | undefined, now: number): boolean {
  if (!q) return false;
  const from = toMinutes(q.from);
  const to = toMinutes(q.to);
  if (from === to) return false;
  const m = minuteOfDay(now, q.timezone);
  return from < to ? m >= from && m < to : m >= from || m < to;
}
