import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { overseerBin } from '../../src/core/package-root.js';
import { polecatMark } from '../../src/polecats/agent-session.js';
import { resolvePolecat } from '../../src/polecats/resolve.js';
import { stopPolecat } from '../../src/polecats/session-ops.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { agentProcesses } from '../../src/runtime/agent-stop.js';
import type { ScriptInput } from '../../src/standin/script.js';
import { TownStore } from '../../src/store/town-store.js';
import { createIssue, getIssue } from '../../src/town/issues.js';
import { listMergeRequests } from '../../src/town/merge-requests.js';
import { readPolecat } from '../../src/town/polecat-state.js';
import { townActions } from '../../src/ui/app/actions.js';
import { App } from '../../src/ui/app/App.js';
import type { RealCli } from '../support/agent-env.js';
import { townProcesses } from '../support/town-processes.js';
import { local } from '../support/runner.js';
import { git, waitFor } from '../support/town-fixture.js';
import { renderUi, tick, type Rendered } from '../support/ui/render.js';
import { realTown, type RealFixture } from './fixture.js';

/**
 * What every real agent CLI must show under Overseer, against the model
 * stand-in: one registration per CLI (one test file each, so the CLIs run
 * in parallel).
 */

const execFileAsync = promisify(execFile);

const VENDOR: Record<RealCli, string> = { claude: 'anthropic', codex: 'openai', gemini: 'gemini' };
/** Words the permission question (or its hook) shows, per CLI. */
const QUESTION: Record<RealCli, RegExp> = {
  claude: /permission|Do you want to proceed/,
  codex: /Would you like to run|Yes, proceed/,
  gemini: /Allow execution|requires execution|Confirm Shell Command/,
};

export function realAgentSuite(cli: RealCli): void {
  let fx: RealFixture | undefined;
  let store: TownStore | undefined;
  let ui: Rendered | undefined;
  afterEach(async () => {
    ui?.unmount();
    await store?.stop();
    await fx?.cleanup();
    fx = store = ui = undefined;
  });

  const polecat = (f: RealFixture, name: string) => readPolecat(f.town.rigPaths('web'), name);
  const step = (f: RealFixture, issue: string) =>
    f.standin.engine.progress()[`${issue}/${VENDOR[cli]}`]?.next ?? 0;
  // Async: the stand-in runs in this process, and a blocking call would starve the agents' requests.
  const overseer = async (f: RealFixture, args: string[]) =>
    (
      await execFileAsync(process.execPath, [overseerBin(), '--town', f.town.root, ...args], {
        encoding: 'utf8',
        env: { ...process.env, OVERSEER_TMUX_SOCKET: f.socket },
      })
    ).stdout;

  it(
    `${cli}: an issue goes from spawn to a landed merge: the real CLI writes, commits and runs overseer done`,
    { timeout: 240_000 },
    async () => {
      fx = await realTown();
      const f = fx;
      const issue = await createIssue(f.town, 'web', { title: 'Record a change' });
      const r = await spawnPolecat(f.town, { issue: issue.id, agent: cli, tmux: f.tmux });
      await f.tickUntil('done', () => polecat(f, r.polecat.name)?.state === 'done', 90_000);
      const [mr] = listMergeRequests(f.town, 'web');
      expect(mr?.mr).toMatchObject({ source_issue: issue.id, branch: r.polecat.branch });
      await f.tickUntil('issue closed', () => getIssue(f.town, issue.id).status === 'closed', 90_000);
      // Landed on origin's main: the agent's own commit and file.
      expect(git(f.origin, ['log', 'main', '--format=%s'])).toContain(`${issue.id}: record the change`);
      expect(git(f.origin, ['show', `main:CHANGES-${issue.id}.md`])).toContain('Done by the model stand-in.');
      // The witness verified and cleaned up: no worktree, no state, no process.
      await f.tickUntil(
        'worktree removed',
        () => !existsSync(r.worktree) && !polecat(f, r.polecat.name),
        60_000,
      );
      expect(await agentProcesses(local.processes, polecatMark(f.town, r.polecat))).toEqual([]);
      expect(f.standin.usage(issue.id)!.agent.requests).toBeGreaterThanOrEqual(4);
    },
  );

  it(
    `${cli}: a permission prompt shows waiting with its reason; overseer answer and the cockpit key approve it`,
    { timeout: 240_000 },
    async () => {
      fx = await realTown();
      const f = fx;
      const issue = await createIssue(f.town, 'web', { title: 'Check the toolchain' });
      const script: ScriptInput = {
        steps: [
          {
            do: 'shell',
            say: 'First the toolchain.',
            command: 'node -e "console.log(40 + 2)"',
            escalate: true,
          },
          { do: 'shell', command: 'node -e "console.log(6 * 7)"', escalate: true },
          { do: 'write', path: 'ANSWERED.md', content: 'Both questions answered.\n' },
          { do: 'shell', command: 'git add -A && git commit -q -m "{issue}: answered"' },
          { do: 'shell', command: 'overseer done' },
          { do: 'text', text: 'Done.' },
        ],
      };
      f.standin.setScript(issue.id, script);
      const r = await spawnPolecat(f.town, { issue: issue.id, agent: cli, tmux: f.tmux });
      const name = r.polecat.name;
      const first = await f.tickUntil('the first question', () => {
        const p = polecat(f, name);
        return p?.state === 'waiting' ? p : undefined;
      });
      expect(first.state_reason).toMatch(QUESTION[cli]);
      expect(await overseer(f, ['polecat', 'list'])).toMatch(new RegExp(`${name} .* waiting`));

      // 1. The CLI: approve, checked.
      expect(await overseer(f, ['answer', name, 'approve'])).toMatch(
        /^answered web\/\w+: sent .*the question went away/,
      );
      await f.tickUntil(
        'the second question',
        () => step(f, issue.id) >= 2 && polecat(f, name)?.state === 'waiting',
      );

      // 2. The cockpit: the attention pane's approve key.
      store = new TownStore(f.town.root).start();
      ui = renderUi(
        <App
          store={store}
          actions={townActions(f.town, local)}
          cols={120}
          rows={30}
          onQuit={() => {}}
          previewMs={0}
          clockMs={0}
        />,
      );
      const u = ui;
      const see = (text: RegExp) =>
        waitFor(`frame showing ${String(text)}`, async () => {
          await tick();
          return text.test(u.frame()) ? u.frame() : undefined;
        });
      await see(/y approve/);
      await u.press('y');
      await see(/answered web\/\w+: sent .*the question went away/);

      await f.tickUntil('done', () => polecat(f, name)?.state === 'done', 90_000);
      expect(listMergeRequests(f.town, 'web')).toHaveLength(1);
      expect(git(r.worktree, ['log', '-1', '--format=%s']).trim()).toBe(`${issue.id}: answered`);
    },
  );

  it(
    `${cli}: an agent that ends its turn early is nudged after idle_nudge_after, then finishes`,
    { timeout: 240_000 },
    async () => {
      fx = await realTown({
        settings: { witness: { stuck_after: '5m', idle_nudge_after: '4s', nudge_echo_grace: '1500ms' } },
      });
      const f = fx;
      const issue = await createIssue(f.town, 'web', { title: 'Stop early' });
      f.standin.setScript(issue.id, {
        steps: [
          { do: 'write', path: 'EARLY.md', content: 'Made, not yet handed in.\n' },
          { do: 'shell', command: 'git add -A && git commit -q -m "{issue}: early"' },
          { do: 'text', text: 'I have made the change.' },
          { do: 'shell', say: 'Right, handing it in.', command: 'overseer done' },
          { do: 'text', text: 'Handed in.' },
        ],
      });
      const r = await spawnPolecat(f.town, { issue: issue.id, agent: cli, tmux: f.tmux });
      const idle = await f.tickUntil('idle after the early stop', () => {
        const p = polecat(f, r.polecat.name);
        return step(f, issue.id) >= 3 && p?.state === 'idle' ? p : undefined;
      });
      expect(idle.state_source).toBe('hook');
      await f.tickUntil('done', () => polecat(f, r.polecat.name)?.state === 'done', 90_000);
      const nudges = f.events('daemon.nudge');
      expect(nudges.map((e) => e.data?.about)).toEqual(['idle']);
      expect(nudges[0]!.message).toMatch(
        new RegExp(`idle for \\d+s with ${issue.id} not done \\(nudge 1 of 3\\)`),
      );
      expect(listMergeRequests(f.town, 'web')).toHaveLength(1);
    },
  );

  it(
    `${cli}: stop ends every process of the polecat (counted by its mark and by its town)`,
    { timeout: 240_000 },
    async () => {
      fx = await realTown();
      const f = fx;
      const issue = await createIssue(f.town, 'web', { title: 'Think for a long time' });
      f.standin.setScript(issue.id, { steps: [{ do: 'text', text: 'Thinking.', wait_ms: 300_000 }] });
      const r = await spawnPolecat(f.town, { issue: issue.id, agent: cli, tmux: f.tmux });
      await f.tickUntil('working', () => polecat(f, r.polecat.name)?.state === 'working');
      const mark = polecatMark(f.town, r.polecat);
      const before = await agentProcesses(local.processes, mark);
      expect(before.length).toBeGreaterThan(0);
      // Both counts see the agent before the stop (short-lived hook processes come and go between them).
      expect(townProcesses(f.town.root).length).toBeGreaterThan(0);
      const stopped = await stopPolecat(resolvePolecat(f.town, r.polecat.name), { tmux: f.tmux });
      expect(stopped.hadSession).toBe(true);
      expect(await agentProcesses(local.processes, mark)).toEqual([]);
      expect(townProcesses(f.town.root)).toEqual([]);
      expect(polecat(f, r.polecat.name)?.state).toBe('dead');
    },
  );

  it(
    `${cli}: a 429 and an overloaded reply each show their reason in polecat list and attention`,
    { timeout: 240_000 },
    async () => {
      // Retries spent at once (each CLI's own setting), so the final error screens show without waiting minutes.
      fx = await realTown({ env: { CLAUDE_CODE_MAX_RETRIES: '0' } });
      const f = fx;
      const geminiSettings = join(f.agents.home, '.gemini', 'settings.json');
      const settings = JSON.parse(readFileSync(geminiSettings, 'utf8')) as { general?: object };
      writeFileSync(
        geminiSettings,
        JSON.stringify({ ...settings, general: { ...settings.general, maxAttempts: 1 } }),
      );
      const errors = ['rate_limit', 'overloaded'] as const;
      const spawned = [];
      for (const e of errors) {
        const issue = await createIssue(f.town, 'web', { title: `Meet ${e}` });
        // Gemini retries a plain 429 for minutes without a word: its daily-quota 429 is the one it shows.
        const error = cli === 'gemini' && e === 'rate_limit' ? 'quota' : e;
        // Gemini's default chain retries an overload for minutes; flash-lite's asks at once (docs/agents.md).
        const model = cli === 'gemini' && e === 'overloaded' ? 'gemini-2.5-flash-lite' : undefined;
        f.standin.setScript(issue.id, { steps: [{ do: 'error', error, times: 100_000 }] });
        spawned.push(await spawnPolecat(f.town, { issue: issue.id, agent: cli, tmux: f.tmux, model }));
      }
      const label = { rate_limit: 'rate limit', overloaded: 'model overloaded' };
      const names = spawned.map((r) => r.polecat.name);
      await f.tickUntil(
        'the errors shown',
        () => names.every((n) => polecat(f, n)?.state === 'error'),
        90_000,
      );
      // `polecat list` works the states out itself; a turn-complete hook Codex sends just after its
      // error screen is read against that screen, so allow it a few readings to settle.
      let list = '';
      for (let i = 0; i < 20; i++) {
        list = await overseer(f, ['polecat', 'list']);
        if (names.every((n) => new RegExp(`${n} .* error `).test(list))) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      const attention = await overseer(f, ['attention']);
      errors.forEach((e, i) => {
        expect(polecat(f, names[i]!)!.state_reason).toMatch(new RegExp(`^${label[e]}`));
        expect(list).toMatch(new RegExp(`${names[i]} .* error .*${label[e]}`));
        expect(attention).toContain(label[e]);
      });
    },
  );
}
