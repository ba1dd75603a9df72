import type { InputField } from '../panes/InputDialog.js';
import type { CockpitActions } from './actions.js';

type Target = { rig: string; name: string };

export type AnswerUi = {
  /** Run an action with a status-bar label. */
  run: (label: string, p: () => Promise<string | void>) => void;
  /** Ask for values in a dialog. */
  ask: (
    title: string,
    fields: InputField[],
    submit: (v: Record<string, string>) => Promise<string> | void,
  ) => void;
  fail: (message: string) => void;
};

/**
 * The cockpit's quick answers for a polecat waiting on a question (target
 * undefined otherwise: the keys are then disabled): approve and deny send
 * the preset's sequences; pick asks for N and sends that digit. Digits
 * alone switch panes, so pick is `o` then N and Enter.
 */
export function answerHandlers(target: Target | undefined, actions: CockpitActions, ui: AnswerUi) {
  if (!target) return { approve: undefined, deny: undefined, pick: undefined };
  const { rig, name } = target;
  const send = (label: string, keys: string[]) => () =>
    ui.run(`${label} ${name}`, () => actions.answer(rig, name, keys));
  return {
    approve: send('approve', ['approve']),
    deny: send('deny', ['deny']),
    pick: () =>
      ui.ask(`Answer ${rig}/${name} with option`, [{ name: 'option', label: 'Option (1-9)' }], (v) => {
        const n = (v.option ?? '').trim();
        if (/^[1-9]$/.test(n)) return actions.answer(rig, name, [n]);
        ui.fail(`✗ option: expected one digit 1-9, got ${JSON.stringify(n)}`);
      }),
  };
}
