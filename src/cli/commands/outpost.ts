import type { CommandModule } from '../context.js';
import { intOption, table } from '../format.js';
import { formatAge } from '../../core/time.js';
import { sanitizeLine } from '../../core/sanitize.js';
import { sshRunnerFor } from '../../runtime/hosts.js';
import { addOutpost, listOutposts, pingOutpost, removeOutpost } from '../../polecats/outpost/admin.js';
import { checkOutpost } from '../../polecats/outpost/check.js';
import { gcMirrors } from '../../polecats/outpost/mirror-gc.js';
import type { OutpostStatus } from '../../town/schemas/outpost.js';

type AddOpts = {
  host: string;
  user?: string;
  port?: number;
  identity?: string;
  knownHosts?: string;
  sshConfig?: string;
  dir: string;
  maxWorkers?: number;
  prefer: boolean;
};

/** "reachable (12 ms)", "stale since 3m (…)", "never reached". */
export function reachLine(st: OutpostStatus | undefined, now = Date.now()): string {
  if (!st) return 'not checked yet';
  if (st.reachable) return `reachable${st.latency_ms !== undefined ? ` (${st.latency_ms} ms)` : ''}`;
  const since = st.stale_since ? Date.parse(st.stale_since) : undefined;
  return `stale${since ? ` since ${formatAge(now - since)}` : ''}`;
}

export const outpostCommand: CommandModule = (program, ctx) => {
  const outpost = program
    .command('outpost')
    .description('other machines that run polecats over SSH (config/outposts.yaml)');
  outpost
    .command('add')
    .description('add an outpost: a host reached with OpenSSH (host key checked against known_hosts)')
    .argument('<name>', 'outpost name (a-z, 0-9, -, _; not "local")')
    .requiredOption('--host <host>', 'host name or address')
    .requiredOption('--dir <path>', 'the directory Overseer may use there (absolute)')
    .option('--user <user>', 'ssh user (default: ssh config / yours)')
    .option('--port <n>', 'ssh port', intOption('--port', { min: 1, max: 65535 }))
    .option('--identity <file>', 'private key file')
    .option(
      '--known-hosts <file>',
      'known_hosts file to check the host key against (default ~/.ssh/known_hosts)',
    )
    .option('--ssh-config <file>', 'ssh_config file, or "none" (default ~/.ssh/config)')
    .option(
      '--max-workers <n>',
      'most polecats there at once',
      intOption('--max-workers', { min: 0, max: 200 }),
    )
    .option('--no-prefer', 'do not append it to policy.preference (only --outpost sends work there)')
    .action((name: string, o: AddOpts) => {
      const c = addOutpost(
        ctx.town(),
        {
          name,
          type: 'ssh',
          host: o.host,
          dir: o.dir,
          ...(o.user ? { user: o.user } : {}),
          ...(o.port ? { port: o.port } : {}),
          ...(o.identity ? { identity_file: o.identity } : {}),
          ...(o.knownHosts ? { known_hosts: o.knownHosts } : {}),
          ...(o.sshConfig ? { ssh_config: o.sshConfig } : {}),
          ...(o.maxWorkers !== undefined ? { max_workers: o.maxWorkers } : {}),
        },
        { prefer: o.prefer },
      );
      ctx.print(
        c,
        () =>
          `added outpost ${c.name} (${c.user ? `${c.user}@` : ''}${c.host}, ${c.max_workers} workers); check it: overseer outpost check ${c.name}`,
      );
    });
  outpost
    .command('list')
    .description('outposts: reachable or stale (as last seen by the daemon or a ping), slots used, latency')
    .action(() => {
      const rows = listOutposts(ctx.town());
      ctx.print(
        rows,
        () =>
          table(
            ['OUTPOST', 'HOST', 'SLOTS', 'STATE', 'PREF', 'DIR'],
            rows.map((r) => [
              r.config.name,
              `${r.config.user ? `${r.config.user}@` : ''}${r.config.host}${r.config.port ? `:${r.config.port}` : ''}`,
              `${r.used}/${r.config.max_workers}`,
              reachLine(r.status),
              r.preference ?? '-',
              r.config.dir,
            ]),
          ) || 'no outposts yet: overseer outpost add NAME --host HOST --dir DIR',
      );
    });
  outpost
    .command('status')
    .description('one outpost in detail: its status file and the last error')
    .argument('<name>', 'outpost name')
    .action((name: string) => {
      const row = listOutposts(ctx.town()).find((r) => r.config.name === name);
      if (!row) sshRunnerFor(ctx.town(), name); // the unknown-outpost error, listing the known ones
      const r = row!;
      ctx.print(r, () =>
        [
          `outpost ${name}: ${reachLine(r.status)}`,
          `  host      ${r.config.host}${r.config.port ? `:${r.config.port}` : ''}${r.config.user ? ` as ${r.config.user}` : ''}`,
          `  dir       ${r.config.dir}`,
          `  slots     ${r.used} of ${r.config.max_workers}`,
          ...(r.status?.last_ok_at ? [`  last ok   ${r.status.last_ok_at}`] : []),
          ...(r.status?.error ? [`  error     ${sanitizeLine(r.status.error, 300)}`] : []),
        ].join('\n'),
      );
    });
  outpost
    .command('ping')
    .description('one round trip to the outpost now; non-zero exit when it cannot be reached')
    .argument('<name>', 'outpost name')
    .action(async (name: string) => {
      const st = await pingOutpost(ctx.town(), name);
      ctx.print(st, () => `outpost ${name}: reachable, ${st.latency_ms} ms round trip`);
    });
  outpost
    .command('check')
    .description('what the outpost has and lacks: host key, git, tmux, node, agent CLIs, free disk')
    .argument('<name>', 'outpost name')
    .action(async (name: string) => {
      const town = ctx.town();
      const c = await checkOutpost(town, sshRunnerFor(town, name));
      if (!c.ok) process.exitCode = 1;
      ctx.print(c, () =>
        [
          `outpost ${name}: ${c.ok ? 'ready' : 'NOT ready'}`,
          ...c.items.map(
            (i) => `  ${i.ok ? 'ok     ' : 'MISSING'} ${i.what}: ${sanitizeLine(i.detail, 300)}`,
          ),
        ].join('\n'),
      );
    });
  outpost
    .command('gc')
    .description('remove mirror refs there of polecats that are gone, when their commits are on main or home')
    .argument('<name>', 'outpost name')
    .action(async (name: string) => {
      const r = await gcMirrors(ctx.town(), name);
      if (r.rigs.some((x) => x.error)) process.exitCode = 1;
      ctx.print(r, () =>
        [
          `outpost ${name}: ${r.rigs.reduce((n, x) => n + x.removed.length, 0)} mirror ref(s) removed`,
          ...r.rigs.flatMap((x) => [
            ...(x.error ? [`  ${x.rig}: cannot check its mirror: ${sanitizeLine(x.error, 300)}`] : []),
            ...x.removed.map((v) => `  removed ${x.rig} ${v.branch}: ${v.why}`),
            ...x.kept.map((v) => `  kept    ${x.rig} ${v.branch}: ${v.why}`),
          ]),
        ].join('\n'),
      );
    });
  outpost
    .command('remove')
    .description('remove an outpost from config/outposts.yaml (refused while polecats live there)')
    .argument('<name>', 'outpost name')
    .action(async (name: string) => {
      await removeOutpost(ctx.town(), name);
      ctx.print({ removed: name }, () => `removed outpost ${name}`);
    });
};
