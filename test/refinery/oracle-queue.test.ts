import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processQueue } from '../../src/refinery/process.js';
import { addDependency } from '../../src/town/issues.js';
import { listMergeRequests } from '../../src/town/merge-requests.js';
import { type Fixture, makeFixture } from '../support/refinery-fixture.js';

let fx: Fixture;
afterEach(() => fx?.cleanup());

const numbered = (n: number, tag = 'line') =>
  Array.from({ length: n }, (_, i) => `${tag} ${i + 1}`).join('\n') + '\n';
const withLines = (text: string, from: number, to: number, tag: string) =>
  text
    .split('\n')
    .map((l, i) => (i + 1 >= from && i + 1 <= to ? `${tag} ${i + 1}` : l))
    .join('\n');

const history = (id: string) =>
  listMergeRequests(fx.town, fx.rig)
    .find((m) => m.id === id)!
    .mr.history.map((h) => `${h.state}: ${h.reason}`);

describe('refinery with the merge oracle', () => {
  it('lands the disjoint request first, then the two overlapping ones in turn; each history says why', async () => {
    const cart = numbered(40);
    fx = await makeFixture({ 'cart.ts': cart });
    const counter = join(fx.root, 'test-runs');
    fx.configure({ test_command: `echo run >> ${counter}` });
    fx.polecat('nux', { 'cart.ts': withLines(cart, 2, 4, 'nux') }, { message: 'nux: top of cart' });
    fx.polecat('slit', { 'cart.ts': withLines(cart, 30, 33, 'slit') }, { message: 'slit: bottom of cart' });
    fx.polecat('toast', { 'b.txt': 'beta by toast\n' }, { message: 'toast: beta' });
    const nux = await fx.submit('nux');
    const slit = await fx.submit('slit');
    const toast = await fx.submit('toast');

    const run = await processQueue(fx.town, fx.rig);

    expect(run.processed.map((r) => [r.mr, r.outcome])).toEqual([
      [toast.mr.id, 'merged'],
      [nux.mr.id, 'merged'],
      [slit.mr.id, 'merged'],
    ]);
    expect(fx.originLog()).toEqual(['slit: bottom of cart', 'nux: top of cart', 'toast: beta', 'initial']);
    expect(readFileSync(join(fx.root, 'test-runs'), 'utf8').trim().split('\n')).toHaveLength(3);

    expect(history(toast.mr.id)).toEqual([
      'queued: submitted by toast',
      expect.stringMatching(
        /^testing: picked up by the refinery \(pid \d+\): disjoint from the other queued requests: lands before the 2 that overlap$/,
      ),
      expect.stringMatching(/^merged: landed as /),
    ]);
    const why = 'nux and slit change different parts of cart.ts';
    expect(history(nux.mr.id)).toEqual([
      'queued: submitted by nux',
      `queued: waits: overlaps ${slit.mr.id} (different-regions: ${why}); sequenced after the disjoint requests, oldest first`,
      expect.stringContaining(
        `testing: picked up by the refinery (pid ${process.pid}): overlaps ${slit.mr.id}`,
      ),
      expect.stringMatching(/^merged: landed as /),
    ]);
    expect(history(slit.mr.id)).toEqual([
      'queued: submitted by slit',
      `queued: waits: overlaps ${nux.mr.id} (different-regions: ${why}); sequenced after the disjoint requests, oldest first`,
      `testing: picked up by the refinery (pid ${process.pid}): sequenced after ${nux.mr.id} (${why}), which landed first; checked against the new main before testing`,
      expect.stringMatching(/^merged: landed as /),
    ]);
  });

  it('a predicted conflict goes back to the polecat without running the tests', async () => {
    fx = await makeFixture();
    const counter = join(fx.root, 'test-runs');
    fx.configure({ test_command: `echo run >> ${counter}` });
    fx.polecat('nux', { 'shared.txt': 'line one by nux\nline two\n' });
    fx.polecat('slit', { 'shared.txt': 'line one by slit\nline two\n' });
    const nux = await fx.submit('nux');
    const slit = await fx.submit('slit');

    const run = await processQueue(fx.town, fx.rig);

    expect(run.processed.map((r) => [r.mr, r.outcome])).toEqual([
      [nux.mr.id, 'merged'],
      [slit.mr.id, 'conflict'],
    ]);
    // One test run: nux's. slit never reached the test command.
    expect(readFileSync(counter, 'utf8').trim().split('\n')).toEqual(['run']);
    const h = history(slit.mr.id);
    expect(h.at(-2)).toContain(`sequenced after ${nux.mr.id} (nux and slit both change shared.txt line 1)`);
    expect(h.at(-1)).toMatch(
      /^conflict: conflicts with main in 1 file\(s\): shared\.txt \(predicted by git merge-tree against main [0-9a-f]{10}, sent back before any test run\)$/,
    );
  });

  it('a `blocks` dependency between the source issues holds the request until the other lands', async () => {
    fx = await makeFixture();
    fx.polecat('nux', { 'a.txt': 'by nux\n' });
    fx.polecat('slit', { 'b.txt': 'by slit\n' });
    const nux = await fx.submit('nux');
    const slit = await fx.submit('slit');
    await addDependency(fx.town, nux.issue, slit.issue, 'blocks');
    const first = await processQueue(fx.town, fx.rig, { once: true });
    expect(first.processed.map((r) => r.mr)).toEqual([slit.mr.id]);
    // slit's issue is closed by its landing: nux is free to go.
    const second = await processQueue(fx.town, fx.rig);
    expect(second.processed.map((r) => [r.mr, r.outcome])).toEqual([[nux.mr.id, 'merged']]);
  });
});
