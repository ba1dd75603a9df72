import { execFileSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';

/** What the town asks about one offload job: its task files, its session, its worktree's head. */
export type OffloadQuery = {
  dir: string;
  worktree: string;
  tasks: string[];
  /** The job's tmux server: a socket path (-S, an outpost) or name (-L, this machine). */
  tmux: { socketPath?: string; socket?: string; session: string };
  /** Tasks whose log ends are wanted (failed ones, for a fix prompt). */
  tails?: string[];
  tailBytes?: number;
};

export type TaskFiles = { code?: number; started_ms?: number; ended_ms?: number };

export type OffloadAnswer = {
  session: boolean;
  head?: string;
  /** Tracked files changed and not committed in the worktree. */
  dirty?: boolean;
  tasks: Record<string, TaskFiles>;
  tails: Record<string, string>;
  now_ms: number;
};

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function tail(path: string, bytes: number): string {
  try {
    const size = statSync(path).size;
    const fd = openSync(path, 'r');
    try {
      const buf = Buffer.alloc(Math.min(size, bytes));
      readSync(fd, buf, 0, buf.length, size - buf.length);
      return buf.toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return '';
  }
}

function quiet(bin: string, args: string[], cwd?: string): string | undefined {
  try {
    return execFileSync(bin, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** The per-job round trip: every task's exit status and times, the session, the head, the wanted log ends. */
export async function offloadStatus(q: OffloadQuery): Promise<OffloadAnswer> {
  const tasks: Record<string, TaskFiles> = {};
  for (const name of q.tasks) {
    const base = `${q.dir}/tasks/${name}`;
    const status = readText(`${base}.status`);
    const start = readText(`${base}.status.start`);
    const t: TaskFiles = {};
    if (start !== undefined && /^\d+/.test(start)) t.started_ms = Number.parseInt(start, 10);
    if (status !== undefined && /^\d+/.test(status)) {
      t.code = Number.parseInt(status, 10);
      t.ended_ms = Math.round(statSync(`${base}.status`).mtimeMs);
    }
    tasks[name] = t;
  }
  const tails: Record<string, string> = {};
  for (const name of q.tails ?? []) tails[name] = tail(`${q.dir}/tasks/${name}.log`, q.tailBytes ?? 4000);
  const server =
    q.tmux.socketPath !== undefined ? ['-S', q.tmux.socketPath] : ['-L', q.tmux.socket ?? 'default'];
  const session = quiet('tmux', ['-u', ...server, 'has-session', '-t', `=${q.tmux.session}`]) !== undefined;
  const head = quiet('git', ['rev-parse', '--verify', '--quiet', 'HEAD'], q.worktree);
  const changes = quiet('git', ['status', '--porcelain', '--untracked-files=no'], q.worktree);
  return { session, ...(head ? { head } : {}), dirty: !!changes, tasks, tails, now_ms: Date.now() };
}

/** Task specs written and old statuses removed, in one call (one round trip from the town). */
export type OffloadFiles = { write: { path: string; text: string }[]; remove?: string[] };

export async function offloadFiles(req: OffloadFiles): Promise<{ written: number }> {
  for (const p of req.remove ?? []) rmSync(p, { force: true });
  for (const f of req.write) {
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileSync(`${f.path}.tmp`, f.text);
    renameSync(`${f.path}.tmp`, f.path);
  }
  return { written: req.write.length };
}
