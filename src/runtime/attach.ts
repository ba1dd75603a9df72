import { attachPlan, type AttachPlan } from './attach-plan.js';
import { runInPty, type PtyExit, type TerminalIO } from './pty-bridge.js';
import type { Runner } from './runner.js';

export * from './attach-plan.js';
export type { PtyExit, TerminalIO } from './pty-bridge.js';

export type AttachResult = { kind: 'tmux-pane'; paneId: string } | ({ kind: 'pty' } & PtyExit);

/**
 * Carry out an attach plan. 'tmux-pane' returns as soon as the pane is open
 * (the operator switches back with the usual tmux keys); 'pty' takes over the
 * terminal and resolves when the client exits (the operator detached, or the
 * session ended). The caller must release the terminal first (e.g. stop Ink
 * from reading stdin) and redraw afterwards.
 */
export async function runAttach(
  runner: Runner,
  plan: AttachPlan,
  io: TerminalIO = { stdin: process.stdin, stdout: process.stdout },
): Promise<AttachResult> {
  if (plan.kind === 'pty') {
    const exit = await runInPty(plan, io);
    return { kind: 'pty', ...exit };
  }
  const outer = runner.tmux({ socketPath: plan.outerSocketPath });
  const common = { target: plan.target, command: plan.command, env: plan.env };
  const paneId =
    plan.mode === 'window'
      ? await outer.newWindow(common)
      : await outer.splitWindow({ ...common, direction: plan.direction, size: plan.size });
  return { kind: 'tmux-pane', paneId };
}

/** attachPlan from this process's environment, then runAttach. */
export async function attach(
  runner: Runner,
  opts: Parameters<typeof attachPlan>[1],
  io?: TerminalIO,
): Promise<AttachResult> {
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  return runAttach(runner, attachPlan(process.env, { uid, ...opts }), io);
}
