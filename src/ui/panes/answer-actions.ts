import type { PaneAction, Target } from './controller.js';

/**
 * Quick answers to a waiting agent, as data (attention and polecats panes):
 * approve and deny send the preset's sequences, pick asks for N and sends
 * that digit (digits alone switch panes). The library checks that the
 * question went away and says so in the status line.
 */
export function answerActions<T>(isWaiting: (row: T) => boolean): PaneAction<T>[] {
  const disabled = (row: T | undefined, t: Target | undefined) =>
    !t
      ? 'the selected row is not about a polecat'
      : row === undefined || !isWaiting(row)
        ? 'the selected agent is not waiting on a question'
        : undefined;
  const send =
    (label: string, keys: string[]): PaneAction<T>['run'] =>
    (ui, _row, t) =>
      ui.run(`${label} ${t!.name}`, () => ui.actions.answer(t!.rig, t!.name, keys));
  return [
    { command: 'action.approve', disabled, run: send('approve', ['approve']) },
    { command: 'action.deny', disabled, run: send('deny', ['deny']) },
    {
      command: 'action.pick',
      disabled,
      run: (ui, _row, t) =>
        ui.open({
          kind: 'input',
          title: `Answer ${t!.rig}/${t!.name} with option`,
          fields: [{ name: 'option', label: 'Option (1-9)' }],
          submit: (v) => {
            const n = (v.option ?? '').trim();
            if (/^[1-9]$/.test(n)) return ui.actions.answer(t!.rig, t!.name, [n]);
            ui.say(`✗ option: expected one digit 1-9, got ${JSON.stringify(n)}`);
          },
        }),
    },
  ];
}
