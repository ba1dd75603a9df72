import { z } from 'zod';

export const Iso = z.iso.datetime({ offset: true, message: 'expected an ISO-8601 timestamp' });
export const Version = z.literal(1);
export const Name = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'expected a name of a-z, 0-9, - or _');
export const BeadId = z
  .string()
  .regex(/^[a-z][a-z0-9]*-[a-z0-9][a-z0-9.]*$/, 'expected a beads id like "web-a1b2"');
