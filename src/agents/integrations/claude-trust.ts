import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { OverseerError } from '../../core/errors.js';
import { type LockedText, localLockedText } from '../../runtime/locked-replace.js';

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

function parse(file: string, text: string | undefined): ClaudeConfig {
  if (text === undefined) return {};
  try {
    const config = JSON.parse(text) as unknown;
    if (!config || typeof config !== 'object' || Array.isArray(config)) throw new Error('not a JSON object');
    return config as ClaudeConfig;
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

/**
 * Trust `dir` for Claude Code in `file` (on this machine, or on an outpost
 * through its LockedText); false when it already was. The entry is added to
 * what the file holds under Claude's lock: a concurrent rewrite is read again.
 */
export async function trustForClaude(
  file: string,
  dir: string,
  files: LockedText = localLockedText,
): Promise<boolean> {
  const target = files === localLockedText ? real(dir) : resolve(dir);
  for (let attempt = 0; attempt < 20; attempt++) {
    const text = await files.read(file);
    const config = parse(file, text);
    if (isTrusted(config, target)) return false;
    const projects = { ...(config.projects ?? {}) };
    projects[target] = { ...(projects[target] ?? {}), hasTrustDialogAccepted: true };
    if (await files.replaceIfUnchanged(file, text, JSON.stringify({ ...config, projects }, null, 2)))
      return true;
  }
  throw new OverseerError('lock-timeout', `${file} kept changing while Overseer tried to trust ${target}`);
}
