import { sendEscalation } from '../../../src/daemon/escalate.js';
import { polecatRef } from '../../../src/polecats/resolve.js';
import { stopPolecat } from '../../../src/polecats/session-ops.js';
import { spawnPolecat } from '../../../src/polecats/spawn.js';
import { processQueue } from '../../../src/refinery/process.js';
import { TownStore } from '../../../src/store/town-store.js';
import { createIssue } from '../../../src/town/issues.js';
import { readPolecat, updatePolecat } from '../../../src/town/polecat-state.js';
import { local } from '../runner.js';
import { git, makeTown, waitFor, type TownFixture } from '../town-fixture.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { liveCockpit } from './live-cockpit.js';
import type { Rendered } from './render.js';

/**
 * A real town with one attention item of every kind, made the way they
 * happen: scripted agents that fail their tests, make conflicting changes,
 * ask, stall; the refinery's real verdicts; a stop; a witness escalation.
 * The cockpit runs with the real actions (library operations, real tmux).
 */
export type TriageTown = {
  fx: TownFixture;
  store: TownStore;
  ui: Rendered;
  names: Record<'failed' | 'conflictA' | 'conflictB' | 'asker' | 'staller' | 'stopped' | 'keeper', string>;
  issues: Record<string, string>;
  see: (text: string | RegExp, ms?: number) => Promise<string>;
  /** Filter the attention pane down to rows matching `text`. */
  only: (text: string) => Promise<void>;
  close: () => Promise<void>;
};

export async function triageTown(): Promise<TriageTown> {
  const fx = await makeTown({ maxWorkers: 8 });
  const town = fx.town;
  const issues: Record<string, string> = {};
  const spawnOn = async (key: string, title: string, label: string) => {
    const i = await createIssue(town, 'web', { title, labels: [label] });
    issues[key] = i.id;
    return (await spawnPolecat(town, { issue: i.id, agent: 'scripted', tmux: fx.tmux })).polecat.name;
  };
  const failed = await spawnOn('failed', 'Break the build', 'fail-tests');
  const conflictA = await spawnOn('conflictA', 'Banner one', 'behaviour:conflict');
  const conflictB = await spawnOn('conflictB', 'Banner two', 'behaviour:conflict');
  const asker = await spawnOn('asker', 'Ask first', 'ask');
  const staller = await spawnOn('staller', 'Think forever', 'stall');
  const stopped = await spawnOn('stopped', 'Stopped midway', 'stall');
  const keeper = await spawnOn('keeper', 'Stopped with work', 'stall');
  const rp = town.rigPaths('web');
  for (const n of [failed, conflictA, conflictB])
    await waitFor(`${n} done`, () => readPolecat(rp, n)?.state === 'done' || undefined, 30_000);
  // The refinery's verdicts: failed tests, one landing, one conflict.
  await processQueue(town, 'web', { runner: local });
  // The daemon's marks: waiting and stuck (tested on their own in the daemon tests).
  const mark = (name: string, state: 'waiting' | 'stuck', reason: string) =>
    updatePolecat(rp, name, (p) => ({
      ...p,
      state,
      state_source: 'daemon',
      state_reason: reason,
      state_since: new Date().toISOString(),
    }));
  await waitFor('the question', async () => (await fx.tmux.capturePane(`ov-web-${asker}`)).includes('(y/n)'));
  await mark(asker, 'waiting', 'pattern "Do you want to proceed? (y/n)"');
  await mark(staller, 'stuck', 'no activity for 16m after 3 nudge(s)');
  await stopPolecat(polecatRef(town, readPolecat(rp, stopped)!), { tmux: fx.tmux });
  // A dead polecat whose worktree holds a commit that is nowhere else.
  const kept = readPolecat(rp, keeper)!;
  writeFileSync(join(kept.worktree, 'precious.txt'), 'work\n');
  git(kept.worktree, ['add', 'precious.txt']);
  git(kept.worktree, ['commit', '-q', '-m', 'precious work']);
  await stopPolecat(polecatRef(town, readPolecat(rp, keeper)!), { tmux: fx.tmux });
  const esc = await createIssue(town, 'web', { title: 'Needs a stronger model' });
  issues.escalated = esc.id;
  await sendEscalation(town, {
    to: ['overseer'],
    subject: `polecat web/${staller} is stuck on ${esc.id}`,
    body: 'No activity for 16m after 3 nudges.',
    fields: {
      rig: 'web',
      polecat: staller,
      issue: esc.id,
      about: 'stuck',
      reason: 'no progress after 3 nudges',
    },
  });

  const tough = await createIssue(town, 'web', { title: 'Tough one' });
  issues.exhausted = tough.id;
  await sendEscalation(town, {
    to: ['overseer'],
    subject: `all tiers failed on ${tough.id}: Tough one`,
    body: 'attempt 1: tier cheap → escalate',
    fields: { rig: 'web', issue: tough.id, about: 'exhausted', reason: 'chain default exhausted' },
  });

  const { store, ui, see, close } = liveCockpit(town, { cols: 100, rows: 30 });
  const only = async (text: string) => {
    await ui.press('1', '\u001b', '/');
    for (const ch of text) await ui.press(ch);
    await ui.press('\r');
    await see(/Attention 1\/1/);
  };
  return {
    fx,
    store,
    ui,
    names: { failed, conflictA, conflictB, asker, staller, stopped, keeper },
    issues,
    see,
    only,
    close: async () => {
      await close();
      await fx.cleanup();
    },
  };
}
