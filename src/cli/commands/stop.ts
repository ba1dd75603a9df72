import { OverseerError } from '../../core/errors.js';
import type { CommandModule } from '../context.js';
import { resolvePolecat } from '../../polecats/resolve.js';
import { processNote, stopPolecat } from '../../polecats/session-ops.js';
import { emergencyStop, resumeTown, scopeLabel, type StopScope } from '../../polecats/emergency-stop.js';
import { respawnStopped } from '../../daemon/restart.js';

export const stopCommand: CommandModule = (program, ctx) => {
  program
    .command('stop')
    .description(
      "end a polecat's session and every process of its agent (Ctrl-C first; --force kills at once); --all or --rig: emergency stop. Worktrees stay.",
    )
    .argument('[polecat]', 'NAME or RIG/NAME')
    .option('--force', 'kill the session without asking the agent to exit')
    .option('--all', 'emergency stop: end every polecat session in the town and pause dispatch')
    .option('--rig <rig>', "emergency stop of one rig: end its polecats' sessions and pause its dispatch")
    .action(async (polecat: string | undefined, o: { force?: boolean; all?: boolean; rig?: string }) => {
      const picked = [polecat !== undefined, o.all === true, o.rig !== undefined].filter(Boolean).length;
      if (picked !== 1)
        throw new OverseerError('usage', 'say what to stop: a POLECAT, --all, or --rig NAME (one of them)', {
          exitCode: 2,
        });
      if (polecat === undefined) {
        const scope: StopScope = o.all ? { all: true } : { rig: o.rig! };
        const r = await emergencyStop(ctx.town(), scope, { graceMs: o.force ? 0 : undefined });
        ctx.print(r, () =>
          [
            `emergency stop of ${scopeLabel(scope)}: dispatch paused (resume with: overseer resume${'rig' in scope ? ` --rig ${scope.rig}` : ''})`,
            ...r.stopped.map((s) => `  stopped ${s.rig}/${s.polecat}; worktree ${s.worktree} kept`),
            ...r.managers.map((m) => `  stopped manager session ${m}`),
            r.stopped.length + r.managers.length === 0 ? '  no session was running' : '',
          ]
            .filter(Boolean)
            .join('\n'),
        );
        return;
      }
      const ref = resolvePolecat(ctx.town(), polecat);
      const r = await stopPolecat(ref, { force: o.force });
      ctx.print(r, () =>
        r.hadSession
          ? `stopped ${ref.rig}/${ref.name}; worktree ${ref.state.worktree} kept (remove with: overseer polecat rm ${ref.name})${processNote(r)}`
          : `${ref.rig}/${ref.name} had no running session${processNote(r)}`,
      );
    });

  program
    .command('resume')
    .description('undo an emergency stop: the daemon dispatches and respawns again')
    .option('--rig <rig>', 'resume only this rig')
    .option('--respawn', 'also restart the sessions the emergency stop ended, in their kept worktrees')
    .action(async (o: { rig?: string; respawn?: boolean }) => {
      const town = ctx.town();
      const scope: StopScope = o.rig ? { rig: o.rig } : { all: true };
      const r = await resumeTown(town, scope);
      const restarted = o.respawn ? await respawnStopped(town, scope) : [];
      ctx.print({ ...r, restarted }, () =>
        [
          `${scopeLabel(scope)} resumed: dispatch is on again`,
          r.stillPausedBy ? `  but ${r.stillPausedBy}` : '',
          ...restarted.map((x) => `  restarted ${x}`),
        ]
          .filter(Boolean)
          .join('\n'),
      );
    });
};
