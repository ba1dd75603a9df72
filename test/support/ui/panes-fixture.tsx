import { appendFileSync, mkdirSync } from 'node:fs';
import { writeJsonAtomic } from '../../../src/core/json-file.js';
import { TownStore } from '../../../src/store/town-store.js';
import type { CockpitActions, PlanView } from '../../../src/ui/app/actions.js';
import { App } from '../../../src/ui/app/App.js';
import { createIssue } from '../../../src/town/issues.js';
import { sendMail } from '../../../src/town/mail.js';
import { createMergeRequest } from '../../../src/town/merge-requests.js';
import { writePolecat } from '../../../src/town/polecat-state.js';
import { makeTown, polecat, type TestTown } from '../store.js';
import { renderUi, tick, type Rendered } from './render.js';

export type Call = [string, ...unknown[]];

/** Actions that record their calls: the panes are under test, not the library operations. */
export function fakeActions(calls: Call[], plan?: Partial<PlanView>): CockpitActions {
  const rec =
    (name: string, result = 'ok') =>
    async (...args: unknown[]) => {
      calls.push([name, ...args]);
      return `${name} ${result}`;
    };
  const planOf = (title: string): PlanView => ({
    title,
    lines: [{ text: 'step one', status: 'todo' }],
    canProceed: true,
    blockers: [],
    ...plan,
  });
  return {
    presets: () => ['claude', 'scripted'],
    defaultPreset: () => 'scripted',
    spawn: rec('spawn'),
    nudge: rec('nudge'),
    answer: rec('answer'),
    peek: async (rig, name) => `pane of ${rig}/${name}\n\x1b[31mred\x1b[0m line`,
    attach: rec('attach'),
    planLand: async (rig, name) => planOf(`Land ${rig}/${name}`),
    land: rec('land'),
    planStop: async (rig, name) => planOf(`Stop ${rig}/${name}`),
    stop: rec('stop'),
    sendMail: rec('sendMail'),
    markRead: async (id) => void calls.push(['markRead', id]),
    retryMr: rec('retryMr'),
    rejectMr: rec('rejectMr'),
    overlapNudge: rec('overlapNudge'),
    overlapBlock: rec('overlapBlock'),
    pingOutpost: rec('pingOutpost'),
    checkOutpost: async (name) => (
      calls.push(['checkOutpost', name]),
      {
        name,
        ok: true,
        items: [
          { what: 'git', ok: true, detail: 'git version 2.39.5' },
          { what: 'agent CLI codex', ok: false, detail: 'not on PATH (presets using it cannot run here)' },
        ],
      }
    ),
    outpostShell: rec('outpostShell'),
    openOffload: rec('openOffload'),
    runCli: async (args) => (calls.push(['runCli', ...args]), { code: 0, output: `ran ${args.join(' ')}` }),
    restart: rec('restart'),
    planRemove: async (rig, name) => planOf(`Remove ${rig}/${name}`),
    remove: rec('remove'),
    respawnWithFeedback: rec('respawnWithFeedback'),
    replyEscalation: rec('replyEscalation'),
    assignees: () => [
      { preset: 'claude', label: 'claude' },
      { preset: 'claude', model: 'opus', label: 'tier strong (claude opus)' },
    ],
    reassign: rec('reassign'),
    planStopAll: async () => planOf('Emergency stop: the whole town'),
    stopAll: rec('stopAll'),
    resume: rec('resume'),
    attachCrew: rec('attachCrew'),
    notifyConfig: () => undefined,
  };
}

export type Fixture = {
  t: TestTown;
  store: TownStore;
  ui: Rendered;
  calls: Call[];
  ids: Record<string, string>;
  /** Wait until the frame contains `text` (or matches). */
  see: (text: string | RegExp, ms?: number) => Promise<string>;
  close: () => Promise<void>;
};

/** A real town (real store on real files) with polecats, issues, mail, a merge request and attempts. */
export async function townFixture(
  opts: { cols?: number; rows?: number; actions?: (t: TestTown, calls: Call[]) => CockpitActions } = {},
): Promise<Fixture> {
  const t = await makeTown();
  const rp = t.town.rigPaths('web');
  const a = await createIssue(t.town, 'web', { title: 'Build the login form', priority: 1 });
  const b = await createIssue(t.town, 'web', { title: 'Fix \x1b[31mred\x1b[0m header', priority: 2 });
  const c = await createIssue(t.town, 'web', { title: 'Blocked docs', priority: 0 });
  const { addDependency } = await import('../../../src/town/issues.js');
  await addDependency(t.town, c.id, a.id);
  const old = new Date(Date.now() - 5 * 60_000).toISOString();
  await writePolecat(rp, polecat('ace', { issue: a.id, state: 'working', state_reason: 'editing files' }));
  await writePolecat(
    rp,
    polecat('bob', {
      issue: b.id,
      state: 'waiting',
      state_reason: 'asks: Do you want to proceed?',
      state_since: old,
    }),
  );
  await writePolecat(rp, polecat('cat', { issue: c.id, state: 'done', state_reason: 'ran overseer done' }));
  await sendMail(t.town, {
    to: 'overseer',
    from: 'mayor',
    subject: 'Please review the plan',
    body: 'Line one\nLine two',
  });
  const mr = await createMergeRequest(t.town, {
    rig: 'web',
    branch: 'polecat/cat',
    sourceIssue: c.id,
    worker: 'cat',
  });
  mkdirSync(rp.attemptsDir, { recursive: true });
  const now = new Date().toISOString();
  for (const [n, tier, verdict] of [
    [1, 0, 'escalate'],
    [2, 1, 'running'],
  ] as const)
    appendFileSync(
      rp.attempts(a.id),
      JSON.stringify({
        version: 1,
        id: `x${n}`,
        issue: a.id,
        rig: 'web',
        attempt: n,
        tier,
        tier_name: tier ? 'strong' : 'cheap',
        preset: 'scripted',
        started_at: now,
        verdict,
        feedback: n === 1 ? 'tests failed twice' : undefined,
      }) + '\n',
    );
  await writeJsonAtomic(t.town.paths.daemonHeartbeat, { version: 1, pid: 1, ts: now });

  const store = new TownStore(t.town.root).start();
  const calls: Call[] = [];
  const ui = renderUi(
    <App
      store={store}
      actions={(opts.actions ?? ((_t, c) => fakeActions(c)))(t, calls)}
      cols={opts.cols ?? 100}
      rows={opts.rows ?? 30}
      onQuit={() => calls.push(['quit'])}
      cliCommands={[
        { id: 'status', title: 'overseer status', description: 'per rig: issues, polecats, merge requests' },
        { id: 'mq retry', title: 'overseer mq retry', description: 'put a merge request back in the queue' },
      ]}
      previewMs={0}
      clockMs={0}
    />,
  );
  const see = async (text: string | RegExp, ms = 3000) => {
    const end = Date.now() + ms;
    for (;;) {
      await tick();
      const f = ui.frame();
      if (typeof text === 'string' ? f.includes(text) : text.test(f)) return f;
      if (Date.now() > end) throw new Error(`frame never showed ${String(text)}; last frame:\n${f}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return {
    t,
    store,
    ui,
    calls,
    ids: { a: a.id, b: b.id, c: c.id, mr: mr.id },
    see,
    close: async () => {
      ui.unmount();
      await store.stop();
      t.cleanup();
    },
  };
}
