import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { GitRepo } from '../../runtime/git.js';
import { excludeInRepo } from '../../runtime/worktree.js';
import { GIT_COMMANDS, OVERSEER_COMMANDS, signalCommand } from './allowed.js';

/** Gemini CLI hook events (settings `hooks`) and the polecat state each one reports. */
export const GEMINI_HOOKS: { event: string; state: 'working' | 'waiting' | 'idle'; stdin?: boolean }[] = [
  { event: 'SessionStart', state: 'idle' },
  { event: 'BeforeAgent', state: 'working' },
  { event: 'AfterAgent', state: 'idle' },
  { event: 'Notification', state: 'waiting', stdin: true },
];

export const GEMINI_SETTINGS = join('.gemini', 'settings.json');

/**
 * The worktree's Gemini settings: the hooks, and full error verbosity (by
 * default Gemini prints only "This request failed" for a model error; in full
 * it shows the API's error, which says rate limit, overload, auth or network).
 */
export function geminiHookSettings(overseer: string): object {
  const hooks: Record<string, unknown> = {};
  for (const h of GEMINI_HOOKS) {
    hooks[h.event] = [
      {
        hooks: [
          {
            type: 'command',
            name: `overseer-${h.event}`,
            command: signalCommand(overseer, h.state, h.event, h.stdin),
          },
        ],
      },
    ];
  }
  return { hooks, ui: { errorVerbosity: 'full' } };
}

/**
 * The worktree's Gemini settings (workspace scope, read in a trusted folder)
 * holding the hooks; kept out of git status.
 */
export async function installGeminiHooks(repo: GitRepo, overseer: string): Promise<string> {
  const worktree = repo.dir;
  mkdirSync(join(worktree, '.gemini'), { recursive: true });
  const file = join(worktree, GEMINI_SETTINGS);
  writeFileSync(file, JSON.stringify(geminiHookSettings(overseer), null, 2) + '\n');
  await excludeInRepo(repo, '/.gemini/settings.json');
  return file;
}

/** A policy (Gemini's policy engine, loaded with --policy) letting git's and Overseer's commands run. */
export function geminiPolicy(): string {
  const prefixes = [...GIT_COMMANDS, ...OVERSEER_COMMANDS].map((c) => JSON.stringify(c)).join(', ');
  return [
    '# Written by Overseer: the commands a polecat runs without asking in auto mode.',
    '[[rule]]',
    'toolName = "run_shell_command"',
    `commandPrefix = [${prefixes}]`,
    'decision = "allow"',
    'priority = 100',
    '',
  ].join('\n');
}

/** Write the policy file if it is missing or different; returns its path. */
export function ensureGeminiPolicy(file: string): string {
  const text = geminiPolicy();
  let current: string | undefined;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    current = undefined;
  }
  if (current !== text) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return file;
}
