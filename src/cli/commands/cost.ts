import { InvalidArgumentError } from 'commander';
import { OverseerError } from '../../core/errors.js';
import { UsageSampler } from '../../daemon/usage-pass.js';
import { updateBudgetState, type BudgetLimit, formatLimit } from '../../town/budgets.js';
import { costReport } from '../../town/cost-report.js';
import { loadDaemonSettings } from '../../town/daemon-settings.js';
import { getIssue } from '../../town/issues.js';
import { formatCost, loadPrices } from '../../town/prices.js';
import type { Spend } from '../../town/usage.js';
import type { CommandModule } from '../context.js';
import { table } from '../format.js';

const n = (x: number) => x.toLocaleString('en-US');
const tokenCells = (s: Spend) => [
  n(s.tokens.input),
  n(s.tokens.output),
  n(s.tokens.cache_read),
  n(s.tokens.cache_write),
];

function positive(name: string, int: boolean) {
  return (v: string): number => {
    const x = Number(v);
    if (!Number.isFinite(x) || x <= 0 || (int && !Number.isInteger(x)))
      throw new InvalidArgumentError(`${name} takes a ${int ? 'whole ' : ''}number above 0`);
    return x;
  };
}

export const costCommand: CommandModule = (program, ctx) => {
  program
    .command('cost')
    .description(
      "tokens (input, output, cache read, cache write) and estimated cost per polecat, issue, rig and town, read from the agent CLIs' own records",
    )
    .option('--rig <rig>', 'only this rig')
    .option('--issue <id>', 'only this issue')
    .action(async (o: { rig?: string; issue?: string }) => {
      const town = ctx.town();
      if (o.rig) town.rig(o.rig);
      if (o.issue) getIssue(town, o.issue);
      // Read what is new since the last pass (the daemon's or an earlier `cost`): true without the daemon.
      await new UsageSampler(town).pass();
      const r = costReport(town, loadPrices(town.paths), loadDaemonSettings(town.paths), o);
      ctx.print(r, () => {
        const out = [
          `Costs are estimates: tokens x config/prices.yaml (checked ${r.prices.checked}), not a bill.`,
          `town: ${n(r.town.total)} tokens, ${formatCost(r.town.cost)}`,
        ];
        for (const g of r.rigs)
          out.push(
            `rig ${g.rig}: ${n(g.spend.total)} tokens, ${formatCost(g.spend.cost)}; today (${r.day} UTC) ${n(g.today.total)} tokens, ${formatCost(g.today.cost)}`,
          );
        const rows = r.issues.flatMap((i) =>
          i.polecats.map((p) => [
            i.issue,
            p.polecat,
            p.attempt ? `${p.attempt}${p.tier !== undefined ? ` (tier ${p.tier})` : ''}` : '-',
            p.agent,
            ...(p.note && p.spend.total === 0
              ? ['-', '-', '-', '-', p.note]
              : [...tokenCells(p.spend), formatCost(p.spend.cost)]),
          ]),
        );
        if (rows.length)
          out.push(
            '',
            table(
              [
                'ISSUE',
                'POLECAT',
                'ATTEMPT',
                'AGENT',
                'INPUT',
                'OUTPUT',
                'CACHE-READ',
                'CACHE-WRITE',
                'COST',
              ],
              rows,
            ),
          );
        return out.join('\n');
      });
    });

  const budget = program
    .command('budget')
    .description('budgets (daemon.yaml `budgets`) and per-issue overrides');
  budget
    .command('override')
    .description(
      "give one issue its own budget (replacing the attempt and issue budgets, exempt from the rig's daily one); logged as an event",
    )
    .argument('<issue>', 'issue id')
    .option('--usd <amount>', 'limit in estimated dollars', positive('--usd', false))
    .option('--tokens <n>', 'limit in tokens (all four kinds)', positive('--tokens', true))
    .option('--reason <text>', 'why (kept with the override and in the event)')
    .action(async (id: string, o: { usd?: number; tokens?: number; reason?: string }) => {
      if ((o.usd === undefined) === (o.tokens === undefined))
        throw new OverseerError('bad-usage', 'budget override needs exactly one of --usd or --tokens', {
          exitCode: 2,
        });
      const town = ctx.town();
      const issue = getIssue(town, id);
      const rig = town.rigForBead(issue.id);
      const limit: BudgetLimit = o.usd !== undefined ? { usd: o.usd } : { tokens: o.tokens! };
      const at = new Date().toISOString();
      await updateBudgetState(town.rigPaths(rig), (s) => {
        s.overrides[issue.id] = { limit, by: 'overseer', at, ...(o.reason ? { reason: o.reason } : {}) };
      });
      const what = o.usd !== undefined ? formatLimit(o.usd, 'usd') : formatLimit(o.tokens!, 'tokens');
      await town.events.emit({
        kind: 'budget.override',
        actor: 'overseer',
        rig,
        subject: issue.id,
        message: `budget of ${issue.id} overridden: ${what}${o.reason ? ` (${o.reason})` : ''}`,
        data: { limit, ...(o.reason ? { reason: o.reason } : {}) },
      });
      ctx.print(
        { issue: issue.id, rig, limit, at },
        () => `${issue.id}: its own budget is now ${what} (logged)`,
      );
    });
};
