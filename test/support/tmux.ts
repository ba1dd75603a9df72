import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { socketPathFor } from '../../src/runtime/attach-plan.js';
import type { SessionInfo, Tmux } from '../../src/runtime/tmux.js';

/** A socket name no other test (or process) uses. */
export function uniqueSocket(tag: string): string {
  return `ov-test-${tag}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

export function tempDir(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'ov-rt-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Poll `probe` until it returns a non-undefined value or the time runs out. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = 5_000, intervalMs = 50, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Kill the test's tmux server and remove its socket file (tmux 3.3a leaves it behind). */
export async function killTestServer(tmux: Tmux): Promise<void> {
  await tmux.killServer();
  if ('socket' in tmux.server) {
    rmSync(socketPathFor(tmux.server.socket, process.getuid?.() ?? 0, process.env), { force: true });
  }
}

/** Contents of a file another process writes, once it is there and non-empty. */
export function readWhenWritten(path: string, timeoutMs = 5_000): Promise<string> {
  return waitFor(() => (existsSync(path) ? readFileSync(path, 'utf8') || undefined : undefined), {
    timeoutMs,
    what: `${path} to be written`,
  });
}

/**
 * Wait until every session's pane is dead with a known exit status.
 * tmux 3.3a sometimes misses the SIGCHLD of a pane in a young server, leaving
 * pane_dead=1 with no status until some other child of the server exits; if
 * that happens we start and end a throwaway session to make it reap.
 */
export async function waitForExitStatuses(tmux: Tmux, count: number): Promise<SessionInfo[]> {
  const allDead = async () => {
    const list = await tmux.listSessions();
    return list.length >= count && list.every((s) => s.paneDead) ? list : undefined;
  };
  const known = (list: SessionInfo[]) => list.every((s) => s.exitStatus !== null || s.exitSignal !== null);
  const dead = await waitFor(allDead, { what: 'panes to die' });
  if (known(dead)) return dead;
  const settled = await waitFor(async () => ((l) => (l && known(l) ? l : undefined))(await allDead()), {
    timeoutMs: 1_000,
  }).catch(() => undefined);
  if (settled) return settled;
  await tmux.newSession({
    name: `kick-${randomBytes(3).toString('hex')}`,
    cwd: tmpdir(),
    command: ['true', 'kick'],
  });
  return waitFor(
    async () => {
      const list = (await tmux.listSessions()).filter((s) => !s.name.startsWith('kick-'));
      return known(list) ? list : undefined;
    },
    { what: 'exit statuses after the reap kick' },
  );
}
