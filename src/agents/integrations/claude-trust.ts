import { readFileSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import lockfile from 'proper-lockfile';
import { replaceFileSync } from '../../core/disk-write.js';
import { OverseerError } from '../../core/errors.js';

/**
 * Claude Code keeps folder trust in its global config file (~/.claude.json,
 * or $CLAUDE_CONFIG_DIR/.claude.json) as projects[DIR].hasTrustDialogAccepted,
 * and looks it up from the working directory upwards: trusting a rig's
 * polecats directory once covers every worktree below it. Claude rewrites
 * that file often, under a lock directory `<file>.lock`; Overseer takes the
 * same lock, re-reads, changes only that one entry and replaces the file
 * atomically, so neither side loses the other's write.
 */

type ClaudeConfig = { projects?: Record<string, Record<string, unknown>> } & Record<string, unknown>;

export function claudeConfigFile(env: NodeJS.ProcessEnv): string {
  if (env.CLAUDE_CONFIG_DIR) return join(env.CLAUDE_CONFIG_DIR, '.claude.json');
  return join(env.HOME || homedir(), '.claude.json');
}

function read(file: string): { config: ClaudeConfig; mode?: number } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { config: {} };
    throw e;
  }
  try {
    const config = JSON.parse(text) as unknown;
    if (!config || typeof config !== 'object' || Array.isArray(config)) throw new Error('not a JSON object');
    return { config: config as ClaudeConfig };
  } catch (e) {
    throw new OverseerError(
      'bad-agent-config',
      `${file}: not valid JSON (${(e as Error).message}); Overseer will not rewrite it to trust polecat worktrees`,
      { hint: 'fix the file, or set pretrust: false for the claude preset and accept the trust dialog' },
    );
  }
}

/** Is `dir` (or a folder above it) trusted in this config? */
export function isTrusted(config: ClaudeConfig, dir: string): boolean {
  let d = resolve(dir);
  for (;;) {
    if (config.projects?.[d]?.hasTrustDialogAccepted === true) return true;
    const up = dirname(d);
    if (up === d) return false;
    d = up;
  }
}

function real(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return resolve(dir);
  }
}

/** Trust `dir` for Claude Code in `file`; false when it already was. */
export async function trustForClaude(file: string, dir: string): Promise<boolean> {
  const target = real(dir);
  if (isTrusted(read(file).config, target)) return false;
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
    const { config } = read(file);
    if (isTrusted(config, target)) return false;
    const projects = { ...(config.projects ?? {}) };
    projects[target] = { ...(projects[target] ?? {}), hasTrustDialogAccepted: true };
    replaceFileSync(file, JSON.stringify({ ...config, projects }, null, 2), 0o600);
    return true;
  } finally {
    await release().catch(() => undefined);
  }
}
