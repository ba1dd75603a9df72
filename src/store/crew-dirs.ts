import { readdirSync } from 'node:fs';
import type { RigPaths } from '../town/paths.js';

/**
 * Re-list a rig's crew workspaces: the directories under RIG/crew (none when
 * it is missing). Crew clones are never watched; the view re-lists them when
 * something is logged (crew add and rm are). Marks the rig dirty on a change.
 */
export function relistCrew(rig: { paths: RigPaths; crew: readonly string[]; dirty: boolean }): void {
  let names: string[];
  try {
    names = readdirSync(rig.paths.crewDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
      .map((d) => d.name)
      .sort();
  } catch {
    names = [];
  }
  if (names.join('\0') === rig.crew.join('\0')) return;
  rig.crew = names;
  rig.dirty = true;
}
