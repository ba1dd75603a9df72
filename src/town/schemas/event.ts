import { z } from 'zod';
import { Iso, Version } from './common.js';

/** One line of <town>/.events.jsonl: something that happened, and why. */
export const TownEvent = z.looseObject({
  version: Version.default(1),
  ts: Iso,
  kind: z.string().min(1),
  actor: z.string().min(1),
  rig: z.string().optional(),
  subject: z.string().optional(),
  message: z.string(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type TownEvent = z.infer<typeof TownEvent>;
