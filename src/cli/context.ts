import type { Command } from 'commander';
import { safeJson, sanitize } from '../core/sanitize.js';
import { runnerFor } from '../runtime/hosts.js';
import type { LocalRunner } from '../runtime/local-runner.js';
import { Town } from '../town/town.js';

/** What every command gets: the global options, the town, and one way to print. */
export type GlobalOptions = { town?: string; json?: boolean };

export class CliContext {
  private cachedTown?: Town;

  constructor(
    readonly program: Command,
    readonly stdout: NodeJS.WritableStream = process.stdout,
  ) {}

  get opts(): GlobalOptions {
    return this.program.opts<GlobalOptions>();
  }

  /** The town this command works on (--town, OVERSEER_TOWN, or the nearest ancestor). */
  town(): Town {
    this.cachedTown ??= Town.locate({ town: this.opts.town });
    return this.cachedTown;
  }

  /** This machine's runner: every process a command starts here goes through it. */
  runner(): LocalRunner {
    return runnerFor(this.town());
  }

  /** Print `data` as JSON with --json, else the human rendering. */
  print(data: unknown, human: () => string): void {
    // Human text may quote agent output, titles or file contents: sanitized as a whole.
    // JSON keeps every character, escaped: C1 and bidi controls never reach the terminal raw.
    const text = this.opts.json ? safeJson(data, 2) : sanitize(human());
    if (text !== '') this.stdout.write(text.endsWith('\n') ? text : text + '\n');
  }
}

export type CommandModule = (program: Command, ctx: CliContext) => void;
