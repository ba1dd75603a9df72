import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireLock, lockPathOf, withLock } from '../../src/core/lock.js';
import { waitFor } from '../support/town-fixture.js';

const lockModule = join(process.cwd(), 'src/core/lock.ts');
let dir = '';
let child: ReturnType<typeof spawn> | undefined;
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A real process that takes the lock and holds it until killed. */
function holder(target: string) {
  const code = `import { acquireLock } from ${JSON.stringify(lockModule)};
await acquireLock(${JSON.stringify(target)}, 30000); console.log('held'); setInterval(() => {}, 1000);`;
  const p = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  p.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return { p, held: () => out.includes('held') };
}

describe('the cross-process lock', () => {
  it('takes over at once from a holder that was killed, long before the lock goes stale', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ov-lock-'));
    const target = join(dir, 'state');
    const h = holder(target);
    child = h.p;
    await waitFor('the child to hold the lock', h.held, 15_000);
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    const t0 = Date.now();
    const release = await acquireLock(target, 30_000);
    expect(Date.now() - t0).toBeLessThan(5_000);
    await release();
    expect(existsSync(lockPathOf(target))).toBe(false);
  });

  it('waits while a live holder keeps the lock, then gets it when released', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ov-lock-'));
    const target = join(dir, 'state');
    const order: string[] = [];
    const first = withLock(target, async () => {
      await new Promise((r) => setTimeout(r, 300));
      order.push('first');
    });
    await new Promise((r) => setTimeout(r, 20));
    await withLock(target, () => void order.push('second'));
    await first;
    expect(order).toEqual(['first', 'second']);
  });
});
