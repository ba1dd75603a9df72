import { readFileSync } from 'node:fs';
import lockfile from 'proper-lockfile';
import { replaceFileSync } from '../core/disk-write.js';
import { OverseerError } from '../core/errors.js';

/**
 * A config file another program rewrites under a lock directory `<file>.lock`
 * (proper-lockfile's protocol, which Claude Code uses for ~/.claude.json):
 * read it, and replace it only if it still holds what was read, under the
 * same lock. On an outpost the same two steps run there (`cat`, and the
 * helper's `replace`), so the edit is never a blind overwrite on either host.
 */
export interface LockedText {
  /** The file's text, or undefined when it does not exist. */
  read(file: string): Promise<string | undefined>;
  /** Under the file's lock: if it still reads `expect` (undefined: absent), replace it with `text`. */
  replaceIfUnchanged(file: string, expect: string | undefined, text: string): Promise<boolean>;
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

export async function replaceIfUnchanged(
  file: string,
  expect: string | undefined,
  text: string,
  mode = 0o600,
): Promise<boolean> {
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(file, {
      lockfilePath: `${file}.lock`,
      realpath: false,
      stale: 10_000,
      retries: { retries: 50, factor: 1.3, minTimeout: 5, maxTimeout: 200 },
    });
  } catch (e) {
    throw new OverseerError('lock-timeout', `could not lock ${file}: ${(e as Error).message}`, { cause: e });
  }
  try {
    if (readOrUndefined(file) !== expect) return false;
    replaceFileSync(file, text, mode);
    return true;
  } finally {
    await release().catch(() => undefined);
  }
}

/** This machine's files. */
export const localLockedText: LockedText = {
  read: async (file) => readOrUndefined(file),
  replaceIfUnchanged: (file, expect, text) => replaceIfUnchanged(file, expect, text),
};
