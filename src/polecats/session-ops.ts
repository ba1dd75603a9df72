import { loadAgentsConfig } from '../agents/presets.js';
import { OverseerError } from '../core/errors.js';
import { sanitize, sanitizeLine } from '../core/sanitize.js';
import { nowIso } from '../core/time.js';
import { attach, type AttachResult } from '../runtime/attach.js';
import { runnerFor } from '../runtime/hosts.js';
import { SshRunner } from '../runtime/ssh/ssh-runner.js';
import { deliverNudge, type NudgeOptions, type NudgeResult } from '../runtime/nudge.js';
import type { Tmux } from '../runtime/tmux.js';
import { tmuxCall, townServer, townSocketName } from '../runtime/town-tmux.js';
import type { PolecatState } from '../town/schemas/polecat.js';
import type { Town } from '../town/town.js';
import { endPolecatSession } from './end-session.js';
import { typedForm } from './long-message.js';
import type { PolecatRef } from './resolve.js';
import { updatePolecat } from '../town/polecat-state.js';

/** Operations on a polecat's live tmux session: nudge, peek, attach, stop. */

async function requireSession(tmux: Tmux, ref: PolecatRef): Promise<string> {
  const { session } = ref.state;
  if (!(await tmuxCall(() => tmux.hasSession(session)))) {
    throw new OverseerError(
      'no-session',
      `polecat ${ref.rig}/${ref.name} has no tmux session (${session} on socket ${tmux.socketLabel}); it is ${ref.state.state}: ${ref.state.state_reason}`,
    );
  }
  return session;
}

/** Who a nudge goes to: the session, and how the event names it. */
export type NudgeTarget = { session: string; rig?: string; subject: string; label: string };

/**
 * THE nudge: type MESSAGE into a session literally, press Enter, check that
 * it landed, and record one `nudge` event. Every nudge goes through here:
 * the operator's (CLI, cockpit), the witness's, the refinery's and the
 * supervisor's pokes of a manager.
 */
export async function nudgeSession(
  town: Town,
  tmux: Tmux,
  to: NudgeTarget,
  message: string,
  opts: NudgeOptions & { from?: string } = {},
): Promise<NudgeResult> {
  const result = await tmuxCall(() => deliverNudge(tmux, to.session, message, opts));
  await town.events.emit({
    kind: 'nudge',
    actor: opts.from ?? 'overseer',
    ...(to.rig ? { rig: to.rig } : {}),
    subject: to.subject,
    message: `nudged ${to.label} (${message.length} chars): ${result.delivered ? 'delivered' : 'NOT delivered'}, ${result.detail}`,
    data: { delivered: result.delivered, attempts: result.attempts, preview: sanitizeLine(message, 80) },
  });
  return result;
}

/** Nudge a polecat: its session must be up. */
export async function nudgePolecat(
  ref: PolecatRef,
  message: string,
  opts: NudgeOptions & { tmux?: Tmux; from?: string } = {},
): Promise<NudgeResult & { file?: string }> {
  const tmux = opts.tmux ?? ref.runner.tmux(townServer(ref.town));
  const session = await requireSession(tmux, ref);
  const typed = typedForm(ref, message);
  const sent = await nudgeSession(
    ref.town,
    tmux,
    polecatNudgeTarget(ref.rig, ref.name, session),
    typed.line,
    opts,
  );
  return typed.file
    ? { ...sent, file: typed.file, detail: `${sent.detail}; the whole message is in ${typed.file}` }
    : sent;
}

export function polecatNudgeTarget(rig: string, name: string, session: string): NudgeTarget {
  return { session, rig, subject: `${rig}/${name}`, label: name };
}

/** The pane's last `lines` lines, with control and escape sequences removed. */
export async function peekPolecat(
  ref: PolecatRef,
  opts: { lines?: number; tmux?: Tmux } = {},
): Promise<string> {
  const tmux = opts.tmux ?? ref.runner.tmux(townServer(ref.town));
  const session = await requireSession(tmux, ref);
  return sanitize(await tmuxCall(() => tmux.capturePane(session, { lines: opts.lines ?? 40 })));
}

/**
 * End the polecat's session and its agent's whole process tree (children
 * that left the session included). Without force the agent first gets
 * Ctrl-C and a moment to exit; with force the session is killed at once.
 * A done polecat stays done; any other becomes dead, stopped by the operator.
 */
export async function stopPolecat(
  ref: PolecatRef,
  opts: { force?: boolean; tmux?: Tmux; actor?: string; graceMs?: number } = {},
): Promise<{ hadSession: boolean; state: PolecatState | undefined } & ProcessesEnded> {
  const tmux = opts.tmux ?? ref.runner.tmux(townServer(ref.town));
  const { session } = ref.state;
  if (!opts.force && (await tmuxCall(() => tmux.hasSession(session)))) {
    await tmux.sendKeys(session, ['C-c']).catch(() => undefined);
    const deadline = Date.now() + (opts.graceMs ?? 1500);
    while (Date.now() < deadline && !(await tmux.paneDead(session).catch(() => true))) {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const ended = await endPolecatSession(ref.town, ref.runner, tmux, ref.state);
  const hadSession = ended.hadSession;
  const actor = opts.actor ?? 'overseer';
  const state = await updatePolecat(ref.paths, ref.name, (p) =>
    p.state === 'done' && p.state_source === 'lifecycle'
      ? undefined
      : {
          ...p,
          state: 'dead',
          state_source: 'operator',
          state_reason: `stopped by ${actor}${opts.force ? ' (forced)' : ''}`,
          state_since: nowIso(),
        },
  );
  await ref.town.events.emit({
    kind: 'polecat.stopped',
    actor,
    rig: ref.rig,
    subject: `${ref.rig}/${ref.name}`,
    message: `stopped ${ref.name}${opts.force ? ' (forced)' : ''}${hadSession ? '' : ': no session was running'}${processNote(ended)}`,
    data: { processes: ended.terminated, killed: ended.killed, left: ended.left.map((p) => p.pid) },
  });
  return { hadSession, terminated: ended.terminated, killed: ended.killed, left: ended.left, state };
}

/**
 * Open the polecat's session for the operator: beside the current pane when
 * inside tmux (split or window per config/agents.yaml `attach`), else in
 * this terminal through a pty until the operator detaches.
 */
export async function attachPolecat(
  ref: PolecatRef,
  opts: { mode?: 'split' | 'window'; tmux?: Tmux } = {},
): Promise<AttachResult> {
  const tmux = opts.tmux ?? ref.runner.tmux(townServer(ref.town));
  const session = await requireSession(tmux, ref);
  const mode = opts.mode ?? loadAgentsConfig(ref.town.paths.configDir).attach;
  const socket = townSocketName(ref.town);
  // On an outpost: the pane or terminal is this machine's; its client is ssh -t … tmux attach over there.
  if (ref.runner instanceof SshRunner) {
    const client = ref.runner.attachClient(socket, session);
    return tmuxCall(() => attach(runnerFor(ref.town), { socket, session, mode, client }));
  }
  return tmuxCall(() => attach(ref.runner, { socket, session, mode }));
}

type ProcessesEnded = { terminated: number; killed: number; left: { pid: number }[] };

/** "; ended 3 agent processes (1 needed SIGKILL)" — only when there were any. */
export function processNote(r: ProcessesEnded): string {
  const parts: string[] = [];
  if (r.terminated > 0)
    parts.push(
      `ended ${r.terminated} agent process${r.terminated === 1 ? '' : 'es'}${r.killed ? ` (${r.killed} needed SIGKILL)` : ''}`,
    );
  if (r.left.length > 0)
    parts.push(`${r.left.length} still running: pid ${r.left.map((p) => p.pid).join(', ')}`);
  return parts.length ? `; ${parts.join('; ')}` : '';
}
