import { z } from 'zod';

export const Iso = z.iso.datetime({ offset: true, message: 'expected an ISO-8601 timestamp' });
export const Version = z.literal(1);
export const Name = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'expected a name of a-z, 0-9, - or _');

/**
 * A beads issue id in any shape bd writes: a prefix of letters (any case),
 * digits, '_' and '-', a hyphen, a hash or a number, then optional `.N`
 * child parts — `web-a1b2`, `bd-42`, `UI-1`, `FlatPilot-k17`, `gt-mol-p5zm`,
 * `tdb-cmo.3`. No '/', no "..", nothing a path or a shell could misread.
 */
export const BEAD_ID_PATTERN = /^[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)+(?:\.[A-Za-z0-9_]+)*$/;
export const BeadId = z
  .string()
  .max(200, 'expected a beads id of at most 200 characters')
  .regex(BEAD_ID_PATTERN, 'expected a beads id like "web-a1b2"');
