import { z } from 'zod';
import { tryReadJson, writeJsonAtomic } from '../../core/json-file.js';
import type { TownPaths } from '../../town/paths.js';
import { join } from 'node:path';
import { type NotifyState, emptyNotifyState } from './decide.js';

/** <town>/.runtime/notify.json: what the daemon has sent, so a restart does not send it again. */
export function notifyStateFile(paths: TownPaths): string {
  return join(paths.runtimeDir, 'notify.json');
}

const Item = z.looseObject({
  key: z.string(),
  kind: z.string(),
  subject: z.string(),
  title: z.string(),
  reason: z.string(),
  since: z.string(),
});

const StateFile = z.looseObject({
  version: z.literal(1),
  channels: z.record(
    z.string(),
    z.looseObject({
      sent: z.record(z.string(), z.string()).default({}),
      recent: z.array(z.string()).default([]),
      held: z.record(z.string(), z.enum(['quiet', 'rate'])).default({}),
    }),
  ),
  pending: z.array(Item).default([]),
});

/** The saved state; a missing or damaged file starts afresh (at worst an item is notified again). */
export function readNotifyState(paths: TownPaths): NotifyState {
  const r = tryReadJson(notifyStateFile(paths), StateFile);
  return r.ok ? (r.value as NotifyState) : emptyNotifyState();
}

export async function writeNotifyState(paths: TownPaths, s: NotifyState): Promise<void> {
  await writeJsonAtomic(notifyStateFile(paths), s);
}
