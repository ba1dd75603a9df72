import type { CommandModule } from '../context.js';
import { townStatus } from '../../town/status.js';
import { townDoctor } from '../doctor.js';
import { OverseerError } from '../../core/errors.js';
import { currentStates, staleSince, statesNote } from '../states.js';
import { costReport } from '../../town/cost-report.js';
import { defaultDaemonSettings } from '../../town/daemon-settings.js';
import { loadPrices } from '../../town/prices.js';
import type { Town } from '../../town/town.js';

/** Tokens and estimated cost per rig and town, from the ledger as last sampled (`overseer cost` samples first). */
function spendSummary(town: Town) {
  let prices;
  try {
    prices = loadPrices(town.paths);
  } catch {
    return undefined;
  }
  const r = costReport(town, prices, defaultDaemonSettings());
  if (r.town.total === 0) return undefined;
  return {
    estimate: true as const,
    tokens: r.town.total,
    usd: r.town.cost.usd,
    rigs: r.rigs.map((g) => ({
      rig: g.rig,
      tokens: g.spend.total,
      usd: g.spend.cost.usd,
      today_usd: g.today.cost.usd,
    })),
  };
}
import { readPause, type PauseEntry } from '../../town/pause.js';
import { sanitizeLine } from '../../core/sanitize.js';

const pausedLine = (what: string, e: PauseEntry, resume: string) =>
  `PAUSED ${what} since ${e.at} (${sanitizeLine(e.reason, 120)}): no session starts; resume with: ${resume}`;

const counts = (m: Record<string, number>) =>
  Object.entries(m)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || 'none';

export const statusCommand: CommandModule = (program, ctx) => {
  program
    .command('status')
    .description('per rig: issues by status, polecats by state, merge requests by state; unread mail')
    .action(async () => {
      const view = await currentStates(ctx.town(), ctx.runner());
      const s = townStatus(ctx.town().root);
      const { pause } = readPause(ctx.town().paths);
      const cost = spendSummary(ctx.town());
      ctx.print({ ...s, ...staleSince(view), paused: pause, cost }, () => {
        const lines = [`town ${s.town} (${s.root})`, ...statesNote(view).map((l) => `polecat ${l}`)];
        if (pause.all) lines.push(pausedLine('the whole town', pause.all, 'overseer resume'));
        for (const r of s.rigs) {
          const rp = pause.rigs[r.rig];
          lines.push(
            `rig ${r.rig}`,
            ...(rp ? [`  ${pausedLine('this rig', rp, `overseer resume --rig ${r.rig}`)}`] : []),
            `  issues: ${counts(r.issues)}`,
            `  polecats: ${counts(r.polecats)}`,
            `  merge requests: ${counts(r.merge_requests)}`,
          );
        }
        if (s.rigs.length === 0) lines.push('no rigs yet: overseer rig add NAME REPO');
        if (cost) {
          for (const r of cost.rigs)
            lines.push(
              `rig ${r.rig} spent: ${r.tokens.toLocaleString('en-US')} tokens, ~$${r.usd.toFixed(2)} (today ~$${r.today_usd.toFixed(2)})`,
            );
          lines.push(
            `town spent: ${cost.tokens.toLocaleString('en-US')} tokens, ~$${cost.usd.toFixed(2)} (estimate: tokens x config/prices.yaml; details: overseer cost)`,
          );
        }
        lines.push(`unread mail: ${counts(s.unread_mail)}`);
        for (const p of s.problems) lines.push(`problem: ${p}`);
        return lines.join('\n');
      });
    });

  program
    .command('doctor')
    .description('check every file of the town; --fix repairs what is safe')
    .option('--fix', 'repair torn log lines, stale locks and orphaned runtime files')
    .action(async (o: { fix?: boolean }) => {
      const root = ctx.town().root;
      const findings = await townDoctor(ctx.runner(), root, { fix: o.fix });
      const remaining = findings.filter((f) => !f.fixed);
      ctx.print(
        findings.map((f) => ({ file: f.file, message: f.message, fixable: !!f.fix, fixed: !!f.fixed })),
        () =>
          findings.length === 0
            ? 'town is healthy'
            : findings
                .map((f) =>
                  f.fixed
                    ? `fixed: ${f.fix?.describe}`
                    : `problem: ${f.message}${f.fix ? ' (overseer doctor --fix repairs this)' : ''}`,
                )
                .join('\n'),
      );
      if (remaining.length > 0)
        throw new OverseerError('doctor-problems', `${remaining.length} problem(s) remain`, { exitCode: 1 });
    });
};
