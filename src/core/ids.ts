import { randomBytes } from 'node:crypto';

/**
 * Beads-style ids: `<prefix>-<short base36>`. The short part starts at four
 * characters and grows with the number of ids already taken, so collisions
 * stay rare; a collision is retried against the set of existing ids.
 */
export function newBeadId(prefix: string, taken: { has(id: string): boolean; size: number }): string {
  let len = Math.max(4, Math.ceil(Math.log(Math.max(taken.size, 1) * 64) / Math.log(36)));
  for (let attempt = 0; ; attempt++) {
    const id = `${prefix}-${randomBase36(len)}`;
    if (!taken.has(id)) return id;
    if (attempt % 8 === 7) len++;
  }
}

function randomBase36(len: number): string {
  const bytes = randomBytes(len);
  let s = '';
  for (const b of bytes) s += (b % 36).toString(36);
  return s;
}
