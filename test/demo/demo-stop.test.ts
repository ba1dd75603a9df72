import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OVERSEER_BIN, ov } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';
import { waitFor } from '../support/town-fixture.js';

/** Every live process of the demo: its path in argv or OVERSEER_TOWN, or its tmux socket in argv. */
function demoProcesses(dir: string, socket: string): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    if (Number(pid) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      const mine =
        argv.some((a) => a.includes(dir) || a === socket) ||
        env.includes(`OVERSEER_TOWN=${dir}`) ||
        env.includes(`OVERSEER_TMUX_SOCKET=${socket}`);
      if (mine) out.push(`${pid} ${argv.join(' ').slice(0, 120)}`);
    } catch {
      /* gone, or not ours to read */
    }
  }
  return out;
}

let cleanup: (() => Promise<unknown>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('overseer demo: the closing instructions work as printed', () => {
  it('prints commands that run from the checkout; `demo stop DIR` leaves no process of the demo', async () => {
    const dir = join(tempDir('ov-demo'), 'town');
    const socket = `ov-test-demo-${process.pid}`;
    const env = { OVERSEER_TMUX_SOCKET: socket, OVERSEER_SCRIPTED_STEP_MS: '150' };
    cleanup = () => ov(['demo', 'stop', dir], { env });
    const r = await ov(['demo', dir], { env });
    expect(r.exitCode).toBe(0);
    const open = r.stdout.match(/open the cockpit: +(.+)$/m)?.[1];
    const stop = r.stdout.match(/stop everything: +(.+)$/m)?.[1];
    expect(open).toMatch(/^node \/\S+\/bin\/overseer\.js --town /);
    expect(stop).toBe(`${open!.split(' --town ')[0]} demo stop ${dir}`);

    // The printed cockpit command works: without a terminal it says so and exits (not "command not found").
    const [node, bin, ...args] = open!.split(' ');
    expect(node).toBe('node');
    expect(bin).toBe(OVERSEER_BIN);
    const cockpit = await ov([...args], { env });
    expect(cockpit.stderr).toMatch(/terminal/);

    // Six agents, the daemon and the tmux server are running.
    await waitFor('the demo processes', () => demoProcesses(dir, socket).length >= 8);
    const before = demoProcesses(dir, socket);
    expect(before.some((p) => / daemon/.test(p))).toBe(true);

    // The printed stop command, word for word, from a shell without the demo's environment: the
    // socket it was built with is recorded in the town.
    const [, , ...stopArgs] = stop!.split(' ');
    expect(bin).toBe(stop!.split(' ')[1]);
    const stopped = await ov(stopArgs, { env: { OVERSEER_TMUX_SOCKET: undefined } });
    expect(stopped.stderr).toBe('');
    expect(stopped.exitCode).toBe(0);
    expect(stopped.stdout).toMatch(/daemon: pid \d+ stopped/);
    expect(stopped.stdout).toMatch(/agents: (shop\/\w+, ){5,}shop\/\w+/);
    expect(demoProcesses(dir, socket)).toEqual([]);

    // Stopping again is harmless; a town that is not a demo is refused.
    const again = await ov(['demo', 'stop', dir], { env });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('daemon: was not running');
    const real = join(tempDir('ov-real'), 'town');
    await ov(['install', real]);
    const refused = await ov(['demo', 'stop', real]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/not a demo town/);
  });
});
