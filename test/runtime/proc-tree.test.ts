import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import {
  endProcesses,
  isRunning,
  processesWithEnv,
  processTree,
  readStat,
} from '../../src/runtime/proc-tree.js';

/** Real processes: a detached node that sleeps, carrying an environment marker. */
const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
});

/** Resolves once the sleeper runs its code (handlers installed). */
async function sleeper(env: Record<string, string>, opts: { ignoreTerm?: boolean } = {}): Promise<number> {
  const code = `${opts.ignoreTerm ? "process.on('SIGTERM', () => {});" : ''} process.stdout.write('ready'); setInterval(() => {}, 1 << 30)`;
  const c = spawn(process.execPath, ['-e', code], {
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  started.push(c.pid!);
  await new Promise((r) => c.stdout!.once('data', r));
  c.stdout!.destroy();
  c.unref();
  return c.pid!;
}

const mark = () => `test-${process.pid}-${Math.random().toString(16).slice(2)}`;

describe('process tree (Linux /proc)', () => {
  it('finds processes by exact environment entry only', async () => {
    const m = mark();
    const a = await sleeper({ OV_TEST_MARK: m });
    const b = await sleeper({ OV_TEST_MARK: `${m}-other` });
    const c = await sleeper({ OV_TEST_MARK_X: m });
    const found = processesWithEnv('OV_TEST_MARK', m).map((p) => p.pid);
    expect(found).toEqual([a]);
    expect(found).not.toContain(b);
    expect(found).not.toContain(c);
  });

  it('ends with TERM, and with KILL after the grace when TERM is ignored', async () => {
    const m = mark();
    const polite = await sleeper({ OV_TEST_MARK: m });
    const stubborn = await sleeper({ OV_TEST_MARK: m }, { ignoreTerm: true });
    const procs = processesWithEnv('OV_TEST_MARK', m);
    expect(procs.map((p) => p.pid).sort()).toEqual([polite, stubborn].sort());
    const r = await endProcesses(procs, { graceMs: 500 });
    expect(r).toMatchObject({ terminated: 2, killed: 1, left: [] });
    expect(processesWithEnv('OV_TEST_MARK', m)).toEqual([]);
  });

  it('never signals a pid whose start time changed (recycled), nor itself or its ancestors', async () => {
    const pid = await sleeper({});
    const real = readStat(pid)!;
    const r = await endProcesses([{ pid, start: String(Number(real.start) + 1) }], { graceMs: 100 });
    expect(r.terminated).toBe(0);
    expect(isRunning(real)).toBe(true);
    const self = readStat(process.pid)!;
    const parent = readStat(self.ppid)!;
    const r2 = await endProcesses([self, parent], { graceMs: 100 });
    expect(r2.terminated).toBe(0);
  });

  it('a tree holds the root and its descendants', async () => {
    const child = spawn('sh', ['-c', 'sleep 30 & sleep 30 & wait'], { stdio: 'ignore' });
    started.push(child.pid!);
    let tree = processTree(child.pid!);
    for (let i = 0; i < 100 && tree.length < 3; i++) {
      await new Promise((r) => setTimeout(r, 50));
      tree = processTree(child.pid!);
    }
    expect(tree.map((p) => p.pid)).toContain(child.pid);
    expect(tree.length).toBe(3);
    const r = await endProcesses(tree, { graceMs: 1000 });
    expect(r.left).toEqual([]);
    expect(processTree(child.pid!)).toEqual([]);
  });
});
