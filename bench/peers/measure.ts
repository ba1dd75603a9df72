import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { treeCpuSeconds, treePids, treeRssMiB } from './proc-tree.js';

/** One program to measure: what to run, where, and the text its first full frame shows. */
export type Subject = {
  name: string;
  argv: string[];
  cwd: string;
  /** Added to the bench's environment; undefined takes a variable out. */
  env: Record<string, string | undefined>;
  /** Every one of these strings on screen = the panes are drawn. */
  markers: string[];
  /** Overseer: where it writes the CPU time it took to its first frame (OVERSEER_FIRST_FRAME_REPORT). */
  firstFrameReport?: string;
};

/** cpuFirstMs: the subject's own CPU time to its first frame (NaN when it cannot say): steady on a loaded machine. */
export type Figures = { firstMs: number; rssMiB: number; idleCpuPct: number; cpuFirstMs: number };

export type MeasureOptions = { rssAfterS: number; idleS: number; cols: number; rows: number };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A private tmux server (its own -L socket, no config file) for the panes under test. */
export class BenchTmux {
  private n = 0;
  private readonly started = new Set<number>();
  constructor(readonly socket: string) {}

  run(args: string[]): Promise<string> {
    return new Promise((resolve, reject) =>
      execFile('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], (err, out, stderr) =>
        err ? reject(new Error(`tmux ${args[0]}: ${stderr || err.message}`)) : resolve(out),
      ),
    );
  }

  /** Start the server with an idle session, so no measurement pays for the server's start. */
  async start(o: MeasureOptions): Promise<void> {
    await this.run(['new-session', '-d', '-s', 'keep', '-x', `${o.cols}`, '-y', `${o.rows}`, 'cat']);
  }

  /**
   * Start the subject in a new session of the measured size, poll the pane
   * until every marker shows (first frame), read the tree's RSS `rssAfterS`
   * after the start, then its CPU over the next `idleS`; then end it.
   */
  async measure(s: Subject, o: MeasureOptions): Promise<Figures> {
    const t0 = performance.now();
    const { session, pid } = await this.launch(s, o);
    try {
      const firstMs = (await this.firstFrame(s, session)) - t0;
      await sleep(Math.max(0, t0 + o.rssAfterS * 1000 - performance.now()));
      const rssMiB = treeRssMiB(pid);
      const c0 = treeCpuSeconds(pid);
      const w0 = performance.now();
      await sleep(o.idleS * 1000);
      const idleCpuPct = ((treeCpuSeconds(pid) - c0) / ((performance.now() - w0) / 1000)) * 100;
      return { firstMs, rssMiB, idleCpuPct, cpuFirstMs: readFirstFrameCpu(s.firstFrameReport) };
    } finally {
      await this.end(session, pid);
    }
  }

  /**
   * Start and end `s` once, unmeasured, so no round pays for a first start:
   * the operating system's file cache, and Overseer's code cache, which its
   * first start after a build writes (bin/code-cache.js).
   */
  async warm(s: Subject, o: MeasureOptions): Promise<void> {
    const { session, pid } = await this.launch(s, o);
    try {
      await this.firstFrame(s, session);
      await sleep(1000);
    } finally {
      await this.end(session, pid);
      if (s.firstFrameReport) rmSync(s.firstFrameReport, { force: true });
    }
  }

  /** Poll the pane until every marker shows; the time it did (performance.now()). */
  private async firstFrame(s: Subject, session: string): Promise<number> {
    const t0 = performance.now();
    let screen = '';
    while (performance.now() - t0 < 20_000) {
      screen = await this.run(['capture-pane', '-p', '-t', session]).catch(() => '');
      if (s.markers.every((m) => screen.includes(m))) return performance.now();
      await sleep(4);
    }
    throw new Error(`${s.name}: no frame showed ${s.markers.join(' + ')} in 20 s:\n${screen}`);
  }

  /** Start `s` in a new session of the measured size; the pane's pid is the program's. */
  async launch(
    s: Subject,
    o: Pick<MeasureOptions, 'cols' | 'rows'>,
  ): Promise<{ session: string; pid: number }> {
    const session = `run${++this.n}`;
    const entries = Object.entries(s.env);
    const unset = [
      'CI',
      'CONTINUOUS_INTEGRATION',
      'TMUX',
      ...entries.filter(([, v]) => v === undefined).map(([k]) => k),
    ];
    const env = entries.flatMap(([k, v]) => (v === undefined ? [] : [`${k}=${v}`]));
    const argv = ['env', ...unset.flatMap((k) => ['-u', k]), ...env, ...s.argv];
    const pidText = await this.run([
      ...['new-session', '-d', '-P', '-F', '#{pane_pid}', '-s', session],
      ...['-x', `${o.cols}`, '-y', `${o.rows}`, '-c', s.cwd, ...argv],
    ]);
    const pid = Number(pidText.trim());
    this.started.add(pid);
    return { session, pid };
  }

  /** Close the session and make sure every process of its tree is gone. */
  async end(session: string, pid: number): Promise<void> {
    const pids = treePids(pid);
    // SIGTERM first: a clean exit (a node --cpu-prof run writes its profile then).
    kill(pid, 'SIGTERM');
    for (let i = 0; i < 40 && alive(pid); i++) await sleep(50);
    await this.run(['kill-session', '-t', session]).catch(() => undefined);
    for (let i = 0; i < 40 && pids.some(alive); i++) await sleep(50);
    for (const p of pids.filter(alive)) kill(p);
    this.started.delete(pid);
  }

  /** Kill the server and anything still left of the subjects. */
  async stop(): Promise<void> {
    for (const pid of this.started) for (const p of treePids(pid)) kill(p);
    await this.run(['kill-server']).catch(() => undefined);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function kill(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(pid, signal);
  } catch {
    /* gone */
  }
}

/** The CPU ms a subject reported for its first frame (and the report removed for the next run). */
function readFirstFrameCpu(file: string | undefined): number {
  if (!file) return NaN;
  try {
    const cpu = Number((JSON.parse(readFileSync(file, 'utf8')) as { cpu_ms?: unknown }).cpu_ms);
    rmSync(file, { force: true });
    return Number.isFinite(cpu) ? cpu : NaN;
  } catch {
    return NaN;
  }
}
