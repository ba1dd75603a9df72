import type { CommandModule } from '../context.js';
import { isOverseerError } from '../../core/errors.js';
import { formatAge } from '../../core/time.js';
import { cleanJobs, openJob } from '../../polecats/offload/clean.js';
import { runFixLoop } from '../../polecats/offload/fix.js';
import { fetchHome } from '../../polecats/offload/home.js';
import type { JobView } from '../../polecats/offload/job.js';
import { startOffload } from '../../polecats/offload/start.js';
import { offloadStatus, waitTasks } from '../../polecats/offload/status.js';
import { getJob } from '../../town/offload-jobs.js';
import { runnerFor } from '../../runtime/hosts.js';

/** "web-ready-1a2b3c4d5e  ready of main on op0: passed" and one line per task. */
export function jobLines(v: JobView): string[] {
  const fix = v.fix ? `; fix ${v.fix.state}, round ${v.fix.round}/${v.fix.max_rounds}` : '';
  const head = `${v.id}  ${v.playbook} of ${v.target} (${v.sha.slice(0, 10)}) on ${v.outpost}: ${v.state}${fix}`;
  const lines = [head];
  if (v.error) lines.push(`  ${v.error}`);
  if (v.fix?.message) lines.push(`  ${v.fix.message}`);
  if (v.fetched) lines.push(`  fetched home as ${v.fetched.branch} (${v.fetched.sha.slice(0, 10)})`);
  for (const t of v.tasks) {
    const code = t.code !== undefined ? ` (exit ${t.code})` : '';
    const took =
      t.duration_ms !== undefined
        ? ` ${t.duration_ms < 60_000 ? `${(t.duration_ms / 1000).toFixed(1)}s` : formatAge(t.duration_ms)}`
        : '';
    lines.push(`  ${t.name.padEnd(16)} ${t.state}${code}${took}`);
  }
  return lines;
}

type StartOpts = { outpost?: string; rig?: string; wait?: boolean };

export const offloadCommand: CommandModule = (program, ctx) => {
  const offload = program
    .command('offload')
    .description(
      "run a rig playbook's checks in parallel on an outpost (TARGET: polecat, merge request or git ref)",
    )
    .argument('[target]', 'polecat name, merge request id, or git ref')
    .argument('[playbook]', 'a playbook of the rig config (offload.playbooks): ready, review, fix, …')
    .option(
      '--outpost <name>',
      'run it there, or `local` (default: the first reachable outpost of policy.preference; this machine when none is configured)',
    )
    .option('--rig <rig>', 'the rig (default: the only one)')
    .option('--wait', 'wait for the tasks; exit 1 when one fails')
    .action(async (target: string | undefined, playbook: string | undefined, o: StartOpts) => {
      if (!target || !playbook) {
        offload.help({ error: true });
        return;
      }
      const town = ctx.town();
      const r = await startOffload(town, { target, playbook, ...o });
      for (const s of r.skipped) process.stderr.write(`${s}\n`);
      const { job } = r;
      const say = (l: string) => process.stderr.write(`${l}\n`);
      if (r.reattached) say(`job ${job.id} is already there (started ${job.created_at}), not started again`);
      else
        say(
          `job ${job.id}: ${job.tasks.length} task(s) started on ${job.outpost === 'local' ? 'this machine' : `outpost ${job.outpost}`} (open: overseer offload open ${job.id})`,
        );
      // fix: drive the loop, unless a live process (another `offload … fix`) already does.
      const driven = r.reattached && (await runnerFor(town).processes.alive(job.fix?.pid));
      if (job.fix?.state === 'running' && !driven) {
        const done = await runFixLoop(town, job, { say });
        const [v] = (await offloadStatus(town, done.id)).jobs;
        ctx.print(v, () => jobLines(v!).join('\n'));
        if (done.fix?.state !== 'green') process.exitCode = 1;
        return;
      }
      // The same command again, in a terminal: back into the running job's session (as `offload open`).
      // A job whose session is gone is reported instead.
      if (r.reattached && !o.wait && !ctx.opts.json && process.stdout.isTTY) {
        const a = await openJob(town, job.id).catch((e: unknown) => {
          if (isOverseerError(e) && e.code === 'no-session') return undefined;
          throw e;
        });
        if (a?.kind === 'tmux-pane') say(`opened offload job ${job.id} in pane ${a.paneId}`);
        if (a) return;
      }
      const v = o.wait
        ? await waitTasks(town, job, { timeoutMs: (town.rig(job.rig).offload?.task_timeout ?? 1800) * 1000 })
        : (await offloadStatus(town, job.id)).jobs[0]!;
      const { answer: _a, ...view } = v as JobView & { answer?: unknown };
      ctx.print({ ...view, reattached: r.reattached }, () => jobLines(view).join('\n'));
      if (o.wait && view.state !== 'passed') process.exitCode = 1;
    });
  offload
    .command('status')
    .description('offload jobs with per-task state (one SSH round trip per job)')
    .argument('[job]', 'one job')
    .action(async (id?: string) => {
      const { jobs, problems } = await offloadStatus(ctx.town(), id);
      for (const p of problems) process.stderr.write(`${p}\n`);
      ctx.print(jobs, () => (jobs.length ? jobs.flatMap(jobLines).join('\n') : 'no offload jobs'));
    });
  offload
    .command('open')
    .description("open a job's tmux session on its outpost (a shell in its worktree, a window per task)")
    .argument('<job>', 'job id')
    .option('--window', 'inside tmux: open a new window instead of splitting the pane')
    .action(async (id: string, o: { window?: boolean }) => {
      const r = await openJob(ctx.town(), id, o.window ? 'window' : undefined);
      if (r.kind === 'tmux-pane') ctx.print(r, () => `opened offload job ${id} in pane ${r.paneId}`);
    });
  offload
    .command('fetch')
    .description("fetch a job's commits home as branch offload/JOB in the rig's canonical clone")
    .argument('<job>', 'job id')
    .action(async (id: string) => {
      const town = ctx.town();
      const job = await fetchHome(town, getJob(town, id));
      ctx.print(job?.fetched ?? null, () =>
        job?.fetched
          ? `fetched ${job.fetched.branch} (${job.fetched.sha.slice(0, 10)})`
          : 'no commits to fetch',
      );
    });
  offload
    .command('clean')
    .description("remove finished jobs' worktrees and sessions on their outposts (refuses unfetched commits)")
    .argument('[job]', 'one job')
    .option('--all', 'every finished job')
    .action(async (id: string | undefined, o: { all?: boolean }) => {
      if (!id && !o.all) {
        process.stderr.write('offload clean: name a JOB or pass --all\n');
        process.exitCode = 2;
        return;
      }
      const r = await cleanJobs(ctx.town(), id ? { id } : { all: true });
      ctx.print(
        r,
        () =>
          [
            ...r.cleaned.map((j) => `cleaned ${j}`),
            ...r.running.map((j) => `left ${j}: still running`),
            ...r.refused.map((x) => `refused ${x.id}: ${x.why}`),
          ].join('\n') || 'no offload jobs',
      );
      if (r.refused.length > 0) process.exitCode = 1;
    });
};
