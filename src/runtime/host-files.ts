import { existsSync, readFileSync } from 'node:fs';
import { replaceFileSync } from '../core/disk-write.js';
import { OverseerError } from '../core/errors.js';
import type { Exec } from './exec.js';

/**
 * Small files on a runner's host: what git does not cover (a worktree's
 * existence, a local settings file, info/exclude). On this machine they are
 * fs calls; on an outpost each is one command over its connection.
 */
export interface HostFiles {
  exists(path: string): Promise<boolean>;
  /** The file's text, or undefined when it does not exist. */
  readFile(path: string): Promise<string | undefined>;
  /** Replace the file's text (its directory is made). */
  writeFile(path: string, text: string): Promise<void>;
}

export const localFiles: HostFiles = {
  exists: async (path) => existsSync(path),
  readFile: async (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  // Whole or not at all (a full disk leaves the old file).
  writeFile: async (path, text) => replaceFileSync(path, text),
};

// Fixed scripts; the path comes in as a positional parameter.
const WRITE = 'mkdir -p "$(dirname "$1")" && cat > "$1.ov-tmp" && mv "$1.ov-tmp" "$1"';

/** The same over any Exec (an outpost's runner): test, cat, and cat > file. */
export function execFiles(exec: Exec): HostFiles {
  return {
    exists: async (path) => (await exec.run('test', ['-e', path])).code === 0,
    readFile: async (path) => {
      const r = await exec.run('cat', ['--', path]);
      return r.code === 0 ? r.stdout : undefined;
    },
    writeFile: async (path, text) => {
      const r = await exec.run('sh', ['-c', WRITE, 'sh', path], { input: text });
      if (r.code !== 0)
        throw new OverseerError('write-failed', `cannot write ${path} on ${exec.host}: ${r.stderr.trim()}`);
    },
  };
}

/** The files of the host an Exec runs on. */
export function filesOf(exec: Exec): HostFiles {
  return exec.host === 'local' ? localFiles : execFiles(exec);
}
