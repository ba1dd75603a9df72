import { OverseerError } from '../core/errors.js';
import { nowIso } from '../core/time.js';
import type { Tmux } from '../runtime/tmux.js';
import { tmuxCall, townTmux } from '../runtime/town-tmux.js';
import { updatePause } from '../town/pause.js';
import { readPolecats } from '../town/polecat-state.js';
import { MayorState } from '../town/schemas/town.js';
import type { PolecatState } from '../town/schemas/polecat.js';
import type { Town } from '../town/town.js';
import { tryReadJson } from '../core/json-file.js';
import { polecatRef } from './resolve.js';
import { stopPolecat } from './session-ops.js';

/**
 * The emergency stop: pause the daemon's session starts first (so nothing
 * is respawned or dispatched meanwhile), then end every polecat session in
 * scope (and the manager sessions of its epics), keeping every worktree,
 * branch and commit. A second pass ends a session that a spawn already
 * under way started after the first pass.
 */
export const EMERGENCY_REASON = 'emergency stop';

export type StopScope = { all: true } | { rig: string };

export type EmergencyStop = {
  scope: StopScope;
  stopped: { rig: string; polecat: string; worktree: string }[];
  managers: string[];
};

export function scopeLabel(s: StopScope): string {
  return 'all' in s ? 'the whole town' : `rig ${s.rig}`;
}

export async function emergencyStop(
  town: Town,
  scope: StopScope,
  opts: { tmux?: Tmux; by?: string; graceMs?: number } = {},
): Promise<EmergencyStop> {
  const rigs = 'all' in scope ? town.rigNames() : [town.rig(scope.rig).name];
  const tmux = opts.tmux ?? townTmux(town);
  const by = opts.by ?? 'overseer';
  const entry = { at: nowIso(), by, reason: EMERGENCY_REASON };
  await updatePause(town.paths, (p) =>
    'all' in scope ? { ...p, all: entry } : { ...p, rigs: { ...p.rigs, [scope.rig]: entry } },
  );
  const stopped: EmergencyStop['stopped'] = [];
  const managers: string[] = [];
  for (let pass = 0; pass < 2; pass++) {
    const live = new Set((await tmuxCall(() => tmux.listSessions())).map((s) => s.name));
    const targets: { rig: string; p: PolecatState }[] = [];
    for (const rig of rigs)
      for (const p of readPolecats(town.rigPaths(rig)).polecats)
        if (live.has(p.session)) targets.push({ rig, p });
    await inBatches(targets, 8, async ({ rig, p }) => {
      await stopPolecat(polecatRef(town, p), {
        tmux,
        actor: `${by} (${EMERGENCY_REASON})`,
        graceMs: opts.graceMs ?? 1500,
      });
      if (!stopped.some((s) => s.rig === rig && s.polecat === p.name))
        stopped.push({ rig, polecat: p.name, worktree: p.worktree });
    });
    const mayor = tryReadJson(town.paths.mayorState, MayorState);
    for (const m of Object.values(mayor.ok ? mayor.value.managers : {})) {
      if (!m.session || !live.has(m.session) || !rigs.includes(m.rig)) continue;
      await tmux.killSession(m.session).catch(() => undefined);
      if (!managers.includes(m.session)) managers.push(m.session);
    }
  }
  await town.events.emit({
    kind: 'town.stopped',
    actor: by,
    ...('rig' in scope ? { rig: scope.rig } : {}),
    message: `emergency stop of ${scopeLabel(scope)}: ${stopped.length} polecat session(s) and ${managers.length} manager session(s) ended, dispatch paused; every worktree kept`,
    data: { stopped: stopped.map((s) => `${s.rig}/${s.polecat}`), managers },
  });
  return { scope, stopped, managers };
}

export type Resume = { scope: StopScope; wasPaused: boolean; stillPausedBy?: string };

/** Lift the pause (the whole town's and every rig's, or one rig's). */
export async function resumeTown(town: Town, scope: StopScope, by = 'overseer'): Promise<Resume> {
  if ('rig' in scope) town.rig(scope.rig);
  let was = false;
  let still: string | undefined;
  await updatePause(town.paths, (p) => {
    if ('all' in scope) {
      was = p.all !== undefined || Object.keys(p.rigs).length > 0;
      return { version: 1, rigs: {} };
    }
    was = p.rigs[scope.rig] !== undefined;
    if (p.all) still = 'the whole town is paused: run `overseer resume` without --rig';
    const rigs = { ...p.rigs };
    delete rigs[scope.rig];
    return { ...p, rigs };
  });
  if (!was && !still)
    throw new OverseerError('not-paused', `${scopeLabel(scope)} is not paused`, { exitCode: 1 });
  await town.events.emit({
    kind: 'town.resumed',
    actor: by,
    ...('rig' in scope ? { rig: scope.rig } : {}),
    message: `${scopeLabel(scope)} resumed: the daemon dispatches and respawns again${still ? ` (but ${still})` : ''}`,
  });
  return { scope, wasPaused: was, ...(still ? { stillPausedBy: still } : {}) };
}

async function inBatches<T>(items: T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += n) await Promise.all(items.slice(i, i + n).map(fn));
}
