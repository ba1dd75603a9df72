import { closeSync, constants, openSync, writeSync } from 'node:fs';
import type { Exec } from './exec.js';
import type { Tmux } from './tmux.js';

/**
 * Desktop notifications. First choice: an OSC 9 / OSC 777 sequence written,
 * wrapped for tmux passthrough, into the pane each attached tmux client
 * shows; tmux hands it to the operator's terminal, which pops the
 * notification (only panes with `allow-passthrough on` pass it). Else
 * `notify-send`, when installed.
 */
export type DesktopMethod = 'auto' | 'osc9' | 'osc777' | 'notify-send';

export type DesktopResult = { ok: boolean; detail: string; via?: 'passthrough' | 'notify-send' };

export type DesktopInput = {
  method: DesktopMethod;
  servers: readonly Tmux[];
  /** The wrapped sequences, by kind (see format.ts). */
  passthrough: { osc9: string; osc777: string };
  title: string;
  body: string;
  /** Runs notify-send. */
  exec: Exec;
};

export async function desktopNotify(o: DesktopInput): Promise<DesktopResult> {
  const notes: string[] = [];
  if (o.method !== 'notify-send') {
    const seq = o.method === 'osc777' ? o.passthrough.osc777 : o.passthrough.osc9;
    const panes = new Set<string>();
    let without = 0;
    for (const tmux of o.servers) {
      const clients = await tmux.listClients().catch(() => []);
      for (const c of clients) {
        if (c.passthrough) panes.add(c.paneTty);
        else without++;
      }
    }
    let written = 0;
    for (const tty of panes) if (writeTty(tty, seq)) written++;
    if (written > 0)
      return {
        ok: true,
        via: 'passthrough',
        detail: `${o.method === 'osc777' ? 'OSC 777' : 'OSC 9'} to ${written} terminal(s) through tmux passthrough`,
      };
    notes.push(
      without > 0
        ? `${without} tmux client(s) without allow-passthrough`
        : 'no tmux client attached to pass it through',
    );
    if (o.method !== 'auto') return { ok: false, detail: notes.join('; ') };
  }
  const r = await o.exec.run('notify-send', ['--app-name=Overseer', o.title, o.body], { timeoutMs: 5000 });
  if (r.code === 0) return { ok: true, via: 'notify-send', detail: 'notify-send' };
  notes.push(
    r.missing
      ? 'notify-send is not installed'
      : `notify-send failed: exit ${r.code} ${r.stderr.trim().slice(0, 120)}`,
  );
  return { ok: false, detail: notes.join('; ') };
}

/** One write to a pane's terminal device; false when it cannot be opened (the pane closed). */
function writeTty(tty: string, text: string): boolean {
  if (!/^\/dev\/[A-Za-z0-9/]+$/.test(tty)) return false;
  let fd: number | undefined;
  try {
    fd = openSync(tty, constants.O_WRONLY | constants.O_NOCTTY | constants.O_NONBLOCK);
    writeSync(fd, text);
    return true;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
