import type { PlanView } from '../app/actions.js';
import type { CockpitUi, KeyLabel, PaneAction, Target } from './controller.js';
import type { StoreSnapshot } from '../../store/types.js';

/**
 * The actions several panes share, as data. Each names its keymap command;
 * keys and descriptions come from the keymap.
 */

const needsTarget = (_row: unknown, t: Target | undefined) =>
  t ? undefined : 'the selected row is not about a polecat';
const needsRow = (row: unknown) => (row === undefined ? 'no row selected' : undefined);

/** Enter: the row in detail (then `after`, e.g. mark mail read). */
export function openDetail<T>(
  detail: (row: T, snap: StoreSnapshot, now: number, key: KeyLabel) => { title: string; lines: string[] },
  after?: (ui: CockpitUi, row: T) => void,
): PaneAction<T> {
  return {
    command: 'detail.open',
    disabled: needsRow,
    run: (ui, row) => {
      const d = detail(row!, ui.snap, ui.now, ui.key);
      ui.open({ kind: 'detail', title: d.title, lines: d.lines });
      after?.(ui, row!);
    },
  };
}

export const nudge: PaneAction<unknown> = {
  command: 'action.nudge',
  disabled: needsTarget,
  run: (ui, _row, t) =>
    ui.open({
      kind: 'input',
      title: `Nudge ${t!.rig}/${t!.name}`,
      fields: [{ name: 'message', label: 'Message' }],
      submit: (v) => (v.message ? ui.actions.nudge(t!.rig, t!.name, v.message) : undefined),
    }),
};

export const attach: PaneAction<unknown> = {
  command: 'action.attach',
  disabled: needsTarget,
  run: (ui, _row, t) => ui.run(`attach ${t!.name}`, () => ui.actions.attach(t!.rig, t!.name)),
};

/** A destructive or checked step: plan first, show it, run on confirm. */
function planned(
  what: string,
  plan: (ui: CockpitUi, t: Target) => Promise<PlanView>,
  confirm: (p: PlanView) => { verb: string; destructive: boolean; status: string },
  run: (ui: CockpitUi, t: Target, p: PlanView) => Promise<string>,
): PaneAction<unknown>['run'] {
  return (ui, _row, t) =>
    ui.run(`plan ${what} of ${t!.name}`, async () => {
      const p = await plan(ui, t!);
      const c = confirm(p);
      ui.open({
        kind: 'confirm',
        plan: p,
        destructive: c.destructive,
        verb: c.verb,
        run: () => run(ui, t!, p),
      });
      return c.status.replace('NAME', t!.name);
    });
}

export const land: PaneAction<unknown> = {
  command: 'action.land',
  disabled: needsTarget,
  run: planned(
    'landing',
    (ui, t) => ui.actions.planLand(t.rig, t.name),
    (p) => ({
      verb: p.forced ? 'land anyway' : 'land it',
      destructive: p.forced === true,
      status: `landing plan for NAME: ${p.canProceed ? 'ready' : 'blocked'}`,
    }),
    (ui, t, p) => ui.actions.land(t.rig, t.name, { force: p.forced, plan: p }),
  ),
};

export const stop: PaneAction<unknown> = {
  command: 'action.stop',
  disabled: needsTarget,
  run: planned(
    'stop',
    (ui, t) => ui.actions.planStop(t.rig, t.name),
    () => ({ verb: 'stop it', destructive: true, status: 'stop NAME?' }),
    (ui, t) => ui.actions.stop(t.rig, t.name),
  ),
};

/** s: pick a ready issue, then a preset. */
export const spawnPicked: PaneAction<unknown> = {
  command: 'action.spawn',
  run: (ui) => ui.open({ kind: 'pickIssue' }),
};
