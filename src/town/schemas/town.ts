import { z } from 'zod';
import { Iso, Name, Version } from './common.js';

/** mayor/town.json */
export const TownFile = z.looseObject({
  type: z.literal('town'),
  version: Version,
  name: z.string().min(1).max(80),
  created_at: Iso,
});
export type TownFile = z.infer<typeof TownFile>;

/** mayor/rigs.json */
export const RigsFile = z.looseObject({
  version: Version,
  rigs: z.record(Name, z.looseObject({ git_url: z.string().min(1), added_at: Iso })),
});
export type RigsFile = z.infer<typeof RigsFile>;

/** mayor/state.json: the mayor's own bookkeeping (manager sessions per epic). */
export const MayorState = z.looseObject({
  version: Version,
  updated_at: Iso,
  managers: z
    .record(
      z.string(),
      z.looseObject({
        epic: z.string(),
        rig: Name,
        session: z.string().optional(),
        sessions_started: z.number().int().nonnegative().default(0),
        last_poke_at: Iso.optional(),
        last_respawn_at: Iso.optional(),
        question_sent_at: Iso.optional(),
      }),
    )
    .default({}),
});
export type MayorState = z.infer<typeof MayorState>;
