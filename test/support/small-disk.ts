import { execFileSync } from 'node:child_process';
import { execa } from 'execa';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ov, type CliResult } from './cli.js';

/**
 * A disk that really fills up, for "disk full" tests. First choice: a small
 * tmpfs mounted for the test (needs root), filled with a filler file until
 * only `room` bytes are left, so writes are cut short and then fail with
 * ENOSPC. Where mounting is impossible: a plain directory, and the commands
 * run under `prlimit --fsize` (RLIMIT_FSIZE), which cuts a write short at the
 * limit and fails the next with EFBIG: the same short-then-failing writes.
 */
export class SmallDisk {
  private filler: string;
  private fsizeLimit?: number;
  private topUps = 0;

  private constructor(
    readonly dir: string,
    private readonly parent: string,
    readonly mode: 'tmpfs' | 'fsize-limit',
  ) {
    this.filler = join(dir, '.filler');
  }

  static open(sizeMb = 16): SmallDisk {
    // Not under tempDir(): its per-test cleanup must not reach into a mount that outlives the test.
    const parent = realpathSync(mkdtempSync(join(tmpdir(), 'ov-disk-')));
    const dir = join(parent, 'fs');
    mkdirSync(dir);
    // OVERSEER_TEST_DISK=fsize-limit runs the fallback even where mounting works.
    if (process.env.OVERSEER_TEST_DISK === 'fsize-limit') return new SmallDisk(dir, parent, 'fsize-limit');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], { stdio: 'pipe' });
      return new SmallDisk(dir, parent, 'tmpfs');
    } catch {
      return new SmallDisk(dir, parent, 'fsize-limit');
    }
  }

  /** Free bytes on the disk (tmpfs mode). */
  free(): number {
    const s = statfsSync(this.dir);
    return s.bavail * s.bsize;
  }

  /**
   * Leave `room` bytes for the next writes. tmpfs: fill the disk but `room`
   * (whole pages). fsize-limit: a file (the log about to be appended) may
   * grow by `room` bytes past its current size, and new files up to `room`.
   */
  squeeze(room: number, growing?: string): void {
    if (this.mode === 'tmpfs') {
      this.release();
      const size = this.free() - room;
      try {
        if (size > 0) writeFileSync(this.filler, Buffer.alloc(size));
      } catch (e) {
        // A live writer (a running daemon) took some of the space meanwhile: the disk is
        // full now, which is what a squeeze to 0 asks for; any other room must be exact.
        if ((e as NodeJS.ErrnoException).code !== 'ENOSPC' || room > 0) throw e;
      }
      return;
    }
    const base = growing ? statSync(growing).size : 0;
    this.fsizeLimit = base + room;
  }

  /**
   * tmpfs: take whatever a live writer freed since the squeeze (a file it
   * replaced gives back its page, and then every replace of it finds room).
   */
  topUp(): void {
    const size = this.free();
    try {
      if (size > 0) writeFileSync(`${this.filler}.${++this.topUps}`, Buffer.alloc(size));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
    }
  }

  /** Space is back. */
  release(): void {
    rmSync(this.filler, { force: true });
    for (; this.topUps > 0; this.topUps--) rmSync(`${this.filler}.${this.topUps}`, { force: true });
    this.fsizeLimit = undefined;
  }

  /** Run the real CLI against the (squeezed) disk. */
  run(
    args: string[],
    opts: { cwd?: string; env?: Record<string, string | undefined> } = {},
  ): Promise<CliResult> {
    if (this.fsizeLimit === undefined) return ov(args, opts);
    return ov(args, { ...opts, prefix: ['prlimit', `--fsize=${this.fsizeLimit}`] });
  }

  /** Run a TypeScript fixture (node --import tsx) against the (squeezed) disk; its stdout. */
  async runScript(script: string, args: string[]): Promise<string> {
    const prefix = this.fsizeLimit === undefined ? [] : ['prlimit', `--fsize=${this.fsizeLimit}`];
    const [cmd, ...rest] = [...prefix, 'node', '--import', 'tsx', script, ...args];
    const r = await execa(cmd!, rest, { reject: false, stdin: 'ignore' });
    if (r.exitCode !== 0) throw new Error(`${script} exited ${r.exitCode}: ${String(r.stderr)}`);
    return String(r.stdout);
  }

  close(): void {
    this.release();
    if (this.mode === 'tmpfs') {
      try {
        execFileSync('umount', [this.dir], { stdio: 'pipe' });
      } catch {
        execFileSync('umount', ['-l', this.dir], { stdio: 'pipe' });
      }
    }
    rmSync(this.parent, { recursive: true, force: true });
  }
}
