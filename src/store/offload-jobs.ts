import type { RigEntry } from '../town/files.js';
import type { OffloadJob } from '../town/schemas/offload.js';
import type { TownFiles } from '../town/town-files.js';

/**
 * A rig's offload job records through the town's one reader: a bad record
 * keeps its last good value and shows as a file error (the cockpit keeps
 * going); a removed one is forgotten. Oldest first.
 */
export function readOffloadJobs(
  f: TownFiles,
  e: RigEntry,
  dir: string,
  prev: readonly OffloadJob[],
): OffloadJob[] {
  const names = f.names(e, dir);
  for (const j of prev) if (!names.includes(j.id)) f.forget(`${dir}/${j.id}${e.ext}`);
  return names
    .flatMap((n) => f.json<OffloadJob>(e, `${dir}/${n}${e.ext}`) ?? [])
    .sort((a, b) => a.created_at.localeCompare(b.created_at));
}
