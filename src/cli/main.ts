import { Command, CommanderError } from 'commander';
import { asDiskFull, keepFileSizeErrors } from '../core/disk-write.js';
import { isOverseerError } from '../core/errors.js';
import { sanitize } from '../core/sanitize.js';
import { CliContext, type CommandModule } from './context.js';
import { installCommand } from './commands/install.js';
import { rigCommand } from './commands/rig.js';
import { issueCommand } from './commands/issue.js';
import { mailCommand } from './commands/mail.js';
import { statusCommand } from './commands/status.js';
import { spawnCommand } from './commands/spawn.js';
import { nudgeCommand } from './commands/nudge.js';
import { answerCommand } from './commands/answer.js';
import { peekCommand } from './commands/peek.js';
import { attachCommand } from './commands/attach.js';
import { stopCommand } from './commands/stop.js';
import { doneCommand } from './commands/done.js';
import { signalCommand } from './commands/signal.js';
import { polecatCommand } from './commands/polecat.js';
import { mqCommand } from './commands/mq.js';
import { refineryCommand } from './commands/refinery.js';
import { landCommand } from './commands/land.js';
import { cockpitCommand } from './commands/cockpit.js';
import { demoCommand } from './commands/demo.js';
import { daemonCommand } from './commands/daemon.js';
import { poolCommand } from './commands/pool.js';
import { costCommand } from './commands/cost.js';
import { outpostCommand } from './commands/outpost.js';
import { notifyCommand } from './commands/notify.js';
import { crewCommand } from './commands/crew.js';
import { overlapsCommand } from './commands/overlaps.js';
import { pluginCommand } from './commands/plugin.js';
import { offloadCommand } from './commands/offload.js';

/** Every command group, in help order. Features add theirs here. */
const modules: CommandModule[] = [
  installCommand,
  rigCommand,
  outpostCommand,
  offloadCommand,
  issueCommand,
  mailCommand,
  statusCommand,
  spawnCommand,
  nudgeCommand,
  answerCommand,
  peekCommand,
  attachCommand,
  stopCommand,
  doneCommand,
  signalCommand,
  polecatCommand,
  mqCommand,
  refineryCommand,
  landCommand,
  cockpitCommand,
  demoCommand,
  daemonCommand,
  poolCommand,
  costCommand,
  notifyCommand,
  crewCommand,
  overlapsCommand,
  pluginCommand,
];

export function buildProgram(): { program: Command; ctx: CliContext } {
  const program = new Command('overseer');
  program
    .description('Run a town of AI coding agents and steer it from a terminal cockpit')
    .option('--town <dir>', 'town directory (default: $OVERSEER_TOWN, else the nearest ancestor town)')
    .option('--json', 'machine-readable output')
    .showHelpAfterError('(run with --help for usage)')
    // The parser quotes what it did not understand (an unknown option, a bad value): untrusted
    // text, sanitized like everything else. Set before the commands: they inherit it.
    .configureOutput({
      writeErr: (s) => process.stderr.write(sanitize(s)),
      outputError: (s, write) => write(sanitize(s)),
    })
    .exitOverride();
  const ctx = new CliContext(program);
  for (const m of modules) m(program, ctx);
  for (const c of program.commands) c.exitOverride();
  return { program, ctx };
}

export async function runCli(argv: string[]): Promise<number> {
  const { program } = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    // A command that printed its answer and failed (land --dry-run, outpost check) set process.exitCode.
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version exit 0; usage errors were already printed by commander.
      return e.exitCode === 0 ? 0 : 2;
    }
    const known = isOverseerError(e) ? e : asDiskFull(e);
    if (known) {
      // Messages can quote file contents or git's output: never let them drive the terminal.
      process.stderr.write(`overseer: ${sanitize(known.message)}\n`);
      if (known.hint) process.stderr.write(`hint: ${sanitize(known.hint)}\n`);
      return known.exitCode;
    }
    process.stderr.write(
      `overseer: internal error: ${sanitize(e instanceof Error ? (e.stack ?? e.message) : String(e))}\n`,
    );
    return 70;
  }
}

const isMain = process.argv[1] !== undefined && /(?:cli\.c?js|overseer(?:\.js)?|ov)$/.test(process.argv[1]);
if (isMain) {
  keepFileSizeErrors();
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
