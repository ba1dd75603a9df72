import type { AttentionRow } from '../selectors/index.js';
import { nudge } from './actions.js';
import type { PaneAction } from './controller.js';

/**
 * An overlap item's actions: the nudge carries the other polecat's change
 * (mail with files and lines, plus one line typed into the later agent), and
 * `sequence` makes the later polecat's issue wait for the other's landing.
 * Stop (pause one) is the shared stop.
 */
const isOverlap = (r: AttentionRow | undefined) => r?.kind === 'overlap';

export const nudgeOrTell: PaneAction<AttentionRow> = {
  command: 'action.nudge',
  disabled: (row, t) => nudge.disabled?.(row, t),
  run: (ui, row, t) =>
    isOverlap(row)
      ? ui.run(`tell ${t!.name} about ${row!.other}`, () =>
          ui.actions.overlapNudge(t!.rig, t!.name, row!.other),
        )
      : nudge.run(ui, row, t),
};

export const sequence: PaneAction<AttentionRow> = {
  command: 'action.sequence',
  disabled: (row, t) => (isOverlap(row) && t ? undefined : 'only an overlap item can be sequenced'),
  run: (ui, row, t) =>
    ui.run(`sequence ${t!.name} after ${row!.other}`, () =>
      ui.actions.overlapBlock(t!.rig, t!.name, row!.other),
    ),
};
