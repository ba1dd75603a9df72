import type { RigView, StoreSnapshot } from '../../store/types.js';

/** Parts of a snapshot that move on their own in a quiet town: its count, the daemon's samples. */
const SAMPLED_TOWN = new Set<string>(['seq']);
const SAMPLED_RIG = new Set<string>(['resources']);

function sameExcept<T extends object>(a: T, b: T, skip: ReadonlySet<string>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (!skip.has(k) && a[k as keyof T] !== b[k as keyof T]) return false;
  return true;
}

function sameRigs(a: readonly RigView[], b: readonly RigView[]): boolean {
  return a === b || (a.length === b.length && a.every((r, i) => sameExcept(r, b[i]!, SAMPLED_RIG)));
}

/**
 * Did anything the operator would call activity change between two
 * snapshots? Unchanged parts of a snapshot keep their identity (the store's
 * promise), so this compares parts by identity, leaving out what a quiet town
 * still rewrites: the daemon's CPU and memory samples (`resources.json`, every
 * 25 s; a routine heartbeat makes no new snapshot at all). Any other part,
 * present or added later, counts.
 */
export function activityChanged(a: StoreSnapshot, b: StoreSnapshot): boolean {
  if (a === b) return false;
  return (
    !sameExcept({ ...a, rigs: undefined }, { ...b, rigs: undefined }, SAMPLED_TOWN) ||
    !sameRigs(a.rigs, b.rigs)
  );
}
