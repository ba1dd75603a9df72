import { OverseerError } from './errors.js';

/**
 * Names that end up in paths, tmux session names and git refs. Strict on
 * purpose: lowercase letters, digits, '-' and '_', starting with a letter,
 * at most 40 characters. Nothing else ever reaches a path or a command.
 */
export const NAME_PATTERN = /^[a-z][a-z0-9_-]{0,39}$/;
export const PREFIX_PATTERN = /^[a-z][a-z0-9]{0,9}$/;

export type NameKind =
  'rig' | 'polecat' | 'town' | 'preset' | 'session' | 'theme' | 'tier' | 'crew' | 'plugin';

export function isValidName(name: string): boolean {
  return NAME_PATTERN.test(name);
}

export function assertName(kind: NameKind, name: unknown): string {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    const shown = typeof name === 'string' ? JSON.stringify(name) : String(name);
    throw new OverseerError(
      'bad-name',
      `invalid ${kind} name ${shown}: use 1-40 characters of a-z, 0-9, '-' or '_', starting with a letter`,
    );
  }
  return name;
}

export function assertPrefix(prefix: unknown): string {
  if (typeof prefix !== 'string' || !PREFIX_PATTERN.test(prefix)) {
    throw new OverseerError(
      'bad-prefix',
      `invalid beads prefix ${JSON.stringify(prefix)}: use 1-10 characters of a-z and 0-9, starting with a letter`,
    );
  }
  return prefix;
}

/** A beads prefix derived from a rig name: its letters and digits, at most 6. */
export function defaultPrefix(rigName: string): string {
  const p = rigName.replace(/[^a-z0-9]/g, '').slice(0, 6);
  return p.length > 0 ? p : 'rig';
}
