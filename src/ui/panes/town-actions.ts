import type { CockpitUi } from './controller.js';

/**
 * The town-wide keys: the emergency stop and resuming after it, both asking
 * first (the stop shows every session it will end).
 */
export function stopAll(ui: CockpitUi): void {
  ui.run('plan the emergency stop', async () => {
    const plan = await ui.actions.planStopAll();
    ui.open({
      kind: 'confirm',
      plan,
      destructive: true,
      verb: 'stop everything',
      run: () => ui.actions.stopAll(),
    });
    return 'emergency stop?';
  });
}

/** undefined when nothing is paused (the key then does nothing). */
export function resumeOf(ui: CockpitUi): (() => void) | undefined {
  if (!ui.snap.paused) return undefined;
  return () =>
    ui.open({
      kind: 'confirm',
      plan: {
        title: 'Resume dispatch',
        lines: [
          {
            text: 'lift the emergency stop: the daemon dispatches, escalates and respawns again',
            status: 'todo',
          },
          {
            text: `polecats the stop ended stay stopped: ${ui.key('triage.restart')} restarts one from the attention pane`,
            status: 'ok',
          },
        ],
        canProceed: true,
        blockers: [],
      },
      destructive: false,
      verb: 'resume',
      run: () => ui.actions.resume(),
    });
}
