import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { UsageReader } from './records.js';

/**
 * Where each agent CLI keeps the records of a session run in a worktree:
 * - Claude Code: $CLAUDE_CONFIG_DIR (or ~/.claude)/projects/<worktree, every
 *   non-alphanumeric character a dash>/<session>.jsonl
 * - Codex: $CODEX_HOME (or ~/.codex)/sessions/YYYY/MM/DD/rollout-*.jsonl,
 *   whose first line (session_meta) names the working directory
 * - Gemini CLI: ~/.gemini/tmp/<project>/chats/session-*.jsonl, the project
 *   named in ~/.gemini/projects.json (older versions: the path's sha256)
 * Only files written since the polecat was born count: an earlier polecat
 * of the same worktree path left its own.
 */

export type Located = { files: string[]; note?: string };

/** A file modified this long before the polecat's birth is not its own (clock and mtime granularity). */
const BIRTH_SLACK_MS = 5000;

function home(env: NodeJS.ProcessEnv): string {
  return env.HOME || homedir();
}

function jsonlIn(dir: string, bornMs: number, prefix = ''): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const n of names.sort()) {
    if (!n.endsWith('.jsonl') || !n.startsWith(prefix)) continue;
    const p = join(dir, n);
    try {
      if (statSync(p).mtimeMs >= bornMs - BIRTH_SLACK_MS) out.push(p);
    } catch {
      /* gone */
    }
  }
  return out;
}

export function claudeProjectDir(env: NodeJS.ProcessEnv, worktree: string): string {
  const base = env.CLAUDE_CONFIG_DIR || join(home(env), '.claude');
  return join(base, 'projects', worktree.replace(/[^a-zA-Z0-9]/g, '-'));
}

/** The first line of a file as JSON (up to 1 MB), or undefined. */
function firstLine(path: string): unknown {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const chunks: Buffer[] = [];
    let pos = 0;
    while (pos < 1 << 20) {
      const b = Buffer.allocUnsafe(64 * 1024);
      const n = readSync(fd, b, 0, b.length, pos);
      if (n === 0) return undefined;
      const nl = b.subarray(0, n).indexOf(0x0a);
      if (nl >= 0) {
        chunks.push(b.subarray(0, nl));
        return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
      }
      chunks.push(b.subarray(0, n));
      pos += n;
    }
    return undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** The working directory a Codex rollout file was started in. */
export function codexRolloutCwd(path: string): string | undefined {
  const meta = firstLine(path) as { type?: string; payload?: { cwd?: unknown } } | undefined;
  return meta?.type === 'session_meta' && typeof meta.payload?.cwd === 'string'
    ? meta.payload.cwd
    : undefined;
}

/** Local-date directories YYYY/MM/DD from the day before `bornMs` to today. */
function codexDayDirs(sessions: string, bornMs: number, nowMs: number): string[] {
  const out: string[] = [];
  const day = 86_400_000;
  for (let t = bornMs - day; t <= nowMs + day; t += day) {
    const d = new Date(t);
    const p = (n: number) => String(n).padStart(2, '0');
    out.push(join(sessions, String(d.getFullYear()), p(d.getMonth() + 1), p(d.getDate())));
  }
  return [...new Set(out)];
}

function geminiProjectDirs(env: NodeJS.ProcessEnv, worktree: string): string[] {
  const base = join(home(env), '.gemini');
  const out = [join(base, 'tmp', createHash('sha256').update(worktree).digest('hex'))];
  try {
    const projects = (
      JSON.parse(readFileSync(join(base, 'projects.json'), 'utf8')) as { projects?: Record<string, unknown> }
    ).projects;
    const slug = projects?.[worktree];
    if (typeof slug === 'string' && /^[\w.-]+$/.test(slug)) out.unshift(join(base, 'tmp', slug));
  } catch {
    /* no projects file: the hashed directory only */
  }
  return out;
}

/**
 * The record files of `reader` for a session in `worktree` born at
 * `bornMs`. `codexCwd` caches each rollout's directory across calls (a
 * rollout is read for its first line once).
 */
export function locateRecords(
  reader: UsageReader,
  env: NodeJS.ProcessEnv,
  worktree: string,
  bornMs: number,
  nowMs: number,
  codexCwd: Map<string, string> = new Map(),
): Located {
  switch (reader) {
    case 'claude': {
      const dir = claudeProjectDir(env, worktree);
      const files = jsonlIn(dir, bornMs);
      return files.length ? { files } : { files, note: `no Claude Code transcript yet in ${dir}` };
    }
    case 'codex': {
      const sessions = join(env.CODEX_HOME || join(home(env), '.codex'), 'sessions');
      const files: string[] = [];
      for (const dir of codexDayDirs(sessions, bornMs, nowMs))
        for (const f of jsonlIn(dir, bornMs, 'rollout-')) {
          // A rollout whose first line is not written yet is looked at again next time.
          if (!codexCwd.has(f)) {
            const cwd = codexRolloutCwd(f);
            if (cwd !== undefined) codexCwd.set(f, cwd);
          }
          if (codexCwd.get(f) === worktree) files.push(f);
        }
      return files.length
        ? { files }
        : { files, note: `no Codex session log for this worktree yet in ${sessions}` };
    }
    case 'gemini': {
      const dirs = geminiProjectDirs(env, worktree);
      const files = dirs.flatMap((d) => jsonlIn(join(d, 'chats'), bornMs, 'session-'));
      return files.length
        ? { files }
        : {
            files,
            note: 'no Gemini CLI chat log (tmp/<project>/chats/session-*.jsonl) for this worktree yet',
          };
    }
  }
}
