import { readFileSync } from 'node:fs';
import { OverseerError } from '../core/errors.js';
import { writeJsonAtomicSync } from '../core/json-file.js';
import { RigConfig } from './schemas/rig.js';
import { TOWN_PREFIX, type Town } from './town.js';

/**
 * The prefix of a bd id, by bd's rule: the part before the last hyphen when
 * what follows it (up to a `.N` child part) looks like a number or a hash —
 * all digits, or 3 to 8 letters and digits with a digit among them (3
 * characters need none) — else the part before the first hyphen.
 * `UI-1` → `UI`, `gt-mol-p5zm` → `gt-mol`, `vc-baseline-test` → `vc`.
 */
export function idPrefix(id: string): string {
  const last = id.lastIndexOf('-');
  const first = id.indexOf('-');
  if (last <= 0) return first > 0 ? id.slice(0, first) : id;
  const base = id.slice(last + 1).split('.')[0]!;
  const numeric = /^[0-9]+$/.test(base);
  const hashLike = /^[A-Za-z0-9]{3,8}$/.test(base) && (base.length === 3 || /[0-9]/.test(base));
  return numeric || hashLike ? id.slice(0, last) : id.slice(0, first);
}

/** The prefixes (besides `known`) that claim every id: the fewest, shortest first. */
export function prefixesToLearn(ids: Iterable<string>, known: readonly string[]): string[] {
  const claims = (p: string, id: string) => id.startsWith(`${p}-`);
  const found = new Set<string>();
  for (const id of ids) {
    if (known.some((p) => claims(p, id))) continue;
    let covered = false;
    for (const p of found) if (claims(p, id)) covered = true;
    if (!covered) found.add(idPrefix(id));
  }
  const sorted = [...found].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  const out: string[] = [];
  for (const p of sorted) if (!out.some((q) => claims(q, p))) out.push(p);
  return out;
}

/** Refuse prefixes another rig (or the town's mail) owns: ids must name one rig. */
export function checkPrefixesFree(town: Town, rig: string, prefixes: readonly string[]): void {
  for (const p of prefixes) {
    if (p === TOWN_PREFIX)
      throw new OverseerError(
        'prefix-taken',
        `prefix "${p}" is the town's (mail); it cannot name rig issues`,
      );
    for (const other of town.rigNames()) {
      if (other === rig) continue;
      const b = town.rig(other).beads;
      if (b.prefix === p || (b.prefixes ?? []).includes(p))
        throw new OverseerError(
          'prefix-taken',
          `prefix ${JSON.stringify(p)} belongs to rig ${other}; ids with it cannot go into rig ${rig}`,
        );
    }
  }
}

/** Add prefixes to the rig's prefix table (config.json `beads.prefixes`), atomically. */
export function learnPrefixes(town: Town, rig: string, prefixes: readonly string[]): void {
  if (prefixes.length === 0) return;
  const file = town.rigPaths(rig).config;
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { beads: { prefixes?: string[] } };
  raw.beads.prefixes = [...new Set([...(raw.beads.prefixes ?? []), ...prefixes])];
  RigConfig.parse(raw);
  writeJsonAtomicSync(file, raw);
}
