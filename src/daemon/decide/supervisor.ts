import { formatAge } from '../../core/time.js';
import { isMergeRequest } from '../../town/merge-requests.js';
import type { Bead } from '../../town/schemas/bead.js';
import type { PolecatState } from '../../town/schemas/polecat.js';
import { type Action, escalation } from '../actions.js';
import type { DaemonRig, DaemonSnapshot } from '../snapshot.js';
import { ms } from './common.js';

/** Worker states that count as progress: a quiet long build is still progress. */
const PROGRESSING: ReadonlySet<PolecatState['state']> = new Set(['spawning', 'working']);

export type EpicView = { epic: Bead; children: Bead[]; workers: PolecatState[]; mrs: Bead[] };

/** An epic's direct children, the polecats on them and their merge requests. */
export function epicView(rig: DaemonRig, epicId: string): EpicView | undefined {
  const epic = rig.issues.get(epicId);
  if (!epic) return undefined;
  const children: Bead[] = [];
  for (const b of rig.issues.values()) {
    if (b.dependencies.some((d) => d.type === 'parent-child' && d.depends_on_id === epicId)) children.push(b);
  }
  const ids = new Set(children.map((c) => c.id));
  const workers = rig.polecats.filter((p) => ids.has(p.issue));
  const mrs = [...rig.issues.values()].filter((b) => isMergeRequest(b) && ids.has(b.mr!.source_issue));
  return { epic, children, workers, mrs };
}

/** The state snapshot a manager gets inline (it has no read tools of its own). */
export function epicSnapshotText(v: EpicView): string {
  const lines = [`Epic ${v.epic.id} "${v.epic.title}" (${v.epic.status}).`, 'Issues:'];
  for (const c of v.children) {
    const w = v.workers.filter((p) => p.issue === c.id).map((p) => `${p.name}:${p.state}`);
    lines.push(`- ${c.id} [${c.status}] ${c.title}${w.length ? ` — workers ${w.join(', ')}` : ''}`);
  }
  lines.push('Merge requests:');
  if (v.mrs.length === 0) lines.push('- none');
  for (const m of v.mrs) lines.push(`- ${m.id} ${m.mr!.branch} (${m.mr!.source_issue}): ${m.mr!.state}`);
  return lines.join('\n');
}

/**
 * Supervisor step, per epic with a manager session: poke the live manager
 * only when no worker of the epic makes progress, the manager's pane is
 * quiet and the epic's cooldown has passed; respawn a dead manager with a
 * resume snapshot; past max_manager_sessions, ask the overseer once.
 */
export function decideSupervisor(snap: DaemonSnapshot, now: number): Action[] {
  const cfg = snap.settings.supervisor;
  const out: Action[] = [];
  for (const [epicId, m] of Object.entries(snap.mayor.managers)) {
    const rig = snap.rigs.find((r) => r.name === m.rig);
    if (!rig || !m.session) continue;
    const v = epicView(rig, epicId);
    if (!v || v.epic.status === 'closed') continue;
    const progressing =
      v.workers.some((p) => PROGRESSING.has(p.state)) ||
      v.mrs.some((b) => b.mr!.state === 'queued' || b.mr!.state === 'testing');
    if (progressing) continue;
    const sess = snap.sessions.get(m.session);
    const base = { epic: epicId, rig: rig.name };
    if (sess?.alive) {
      if (now - sess.activityMs < cfg.manager_busy_within) continue;
      const lastPoke = ms(m.last_poke_at);
      if (lastPoke !== undefined && now - lastPoke < cfg.poke_cooldown) continue;
      out.push({
        kind: 'poke-manager',
        ...base,
        session: m.session,
        text: `Supervisor: no worker of ${epicId} is making progress. Current state:\n${epicSnapshotText(v)}\nDecide the next step and act on it.`,
        reason: `no worker progressing; manager quiet for ${formatAge(now - sess.activityMs)}`,
      });
      continue;
    }
    if (m.sessions_started >= cfg.max_manager_sessions) {
      if (m.question_sent_at) continue;
      out.push(
        escalation(
          'manager',
          { ...base },
          {
            to: ['overseer'],
            subject: `manager of ${epicId} keeps dying (${m.sessions_started} sessions)`,
            body: `The manager session for epic ${epicId} ended ${m.sessions_started} times; not respawning it again.\n${epicSnapshotText(v)}\nRestart it with \`overseer mayor manage ${epicId}\` or take over.`,
            reason: `manager sessions cap (${cfg.max_manager_sessions}) reached`,
          },
        ),
      );
      continue;
    }
    const lastRespawn = ms(m.last_respawn_at);
    if (lastRespawn !== undefined && now - lastRespawn < cfg.respawn_cooldown) continue;
    out.push({
      kind: 'respawn-manager',
      ...base,
      resume: `You are resuming as the manager of epic ${epicId}; a previous manager session ended. Continue from the current state below; do not redo closed work or duplicate running workers.\n${epicSnapshotText(v)}`,
      reason: `manager session ${m.session} ${sess ? 'ended' : 'is gone'} with no worker progressing (session ${m.sessions_started + 1} of ${cfg.max_manager_sessions})`,
    });
  }
  return out;
}
