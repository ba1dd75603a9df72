import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sanitizeLine } from '../../core/sanitize.js';
import { Input } from './input.js';
import { API_ERRORS, chooseBehaviour, keepBothSides, parsePrompt, planSteps, type Step } from './plan.js';
import { pluginMain } from './plugin-loop.js';
import {
  BOLD,
  DIM,
  drawMenu,
  echo,
  eraseLines,
  GREEN,
  log,
  RED,
  RESET,
  setStatus,
  showPrompt,
  YELLOW,
} from './screen.js';

/**
 * The scripted agent: behaves like an agent TUI in tmux without a model.
 * argv: <prompt file>. It prints progress above a live status line
 * ("⠋ Working… (esc to interrupt)"), asks permission when told to (a y/n
 * line or a numbered menu), edits files, commits and runs `overseer done`,
 * then waits at a `❯` prompt. Input lines it receives are appended to
 * <prompt file>.received. Speed: $OVERSEER_SCRIPTED_STEP_MS (default 700).
 */

const promptFile = process.argv[2];
if (!promptFile) {
  process.stderr.write('usage: scripted-agent <prompt-file>\n');
  process.exit(2);
}
const stepMs = Math.max(1, Number(process.env.OVERSEER_SCRIPTED_STEP_MS ?? 700) || 700);
const info = parsePrompt(readFileSync(promptFile, 'utf8'));
const behaviour = chooseBehaviour(info.labels, process.env.OVERSEER_SCRIPTED_BEHAVIOUR);
const cwd = process.cwd();
const input = new Input(process.stdin, echo, `${promptFile}.received`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function git(args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=scripted agent', '-c', 'user.email=scripted@overseer.local', ...args],
    { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

function runDone(): boolean {
  log(`${BOLD}● Bash${RESET}(overseer done)`);
  try {
    const out = execFileSync('overseer', ['done'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const l of out.trim().split('\n')) log(`  ⎿ ${sanitizeLine(l)}`, GREEN);
    return true;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    for (const l of (err.stderr || err.message).trim().split('\n')) log(`  ⎿ ${sanitizeLine(l)}`, RED);
    return false;
  }
}

/**
 * A grandchild in its own session, reparented away from this process: it
 * survives tmux kill-session and is no descendant of the pane (like Gemini
 * CLI's re-executed child, or Codex's app-server). Its pid goes to
 * <prompt file>.escaped.
 */
function leaveEscapedChild(): void {
  const script = [
    "const { spawn } = require('node:child_process');",
    "const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { detached: true, stdio: 'ignore' });",
    `require('node:fs').writeFileSync(${JSON.stringify(`${promptFile}.escaped`)}, String(c.pid));`,
    'c.unref();',
  ].join('\n');
  spawn(process.execPath, ['-e', script], { detached: true, stdio: 'ignore' }).unref();
}

/** Numbered menu: digits pick, arrows move, Enter takes the marked one, Esc is the last (No). */
async function menu(question: string, options: string[]): Promise<number> {
  let selected = 0;
  let height = drawMenu(question, options, selected);
  for (;;) {
    const k = await input.nextKey();
    let pick: number | undefined;
    if (k.kind === 'enter') pick = selected;
    else if (k.kind === 'escape') pick = options.length - 1;
    else if (k.kind === 'char' && /^[1-9]$/.test(k.char) && Number(k.char) <= options.length)
      pick = Number(k.char) - 1;
    else if (k.kind === 'char' && k.char === 'y') pick = 0;
    else if (k.kind === 'char' && k.char === 'n') pick = options.length - 1;
    else if (k.kind === 'up' || k.kind === 'down' || k.kind === 'tab') {
      selected = (selected + (k.kind === 'up' ? options.length - 1 : 1)) % options.length;
      eraseLines(height);
      height = drawMenu(question, options, selected);
      continue;
    }
    if (pick === undefined) continue;
    eraseLines(height);
    return pick;
  }
}

let doneOk = false;

async function run(step: Step): Promise<'next' | 'stop'> {
  switch (step.kind) {
    case 'say':
      log(`● ${sanitizeLine(step.text)}`);
      await sleep(stepMs / 2);
      return 'next';
    case 'think':
      setStatus(step.text);
      await sleep(stepMs * step.steps);
      return 'next';
    case 'write': {
      log(`${BOLD}● Write${RESET}(${step.file})`);
      mkdirSync(dirname(join(cwd, step.file)), { recursive: true });
      writeFileSync(join(cwd, step.file), step.content);
      log(`  ⎿ wrote ${step.content.split('\n').length - 1} lines`, DIM);
      await sleep(stepMs / 2);
      return 'next';
    }
    case 'remove':
      log(`${BOLD}● Bash${RESET}(rm ${step.file})`);
      rmSync(join(cwd, step.file), { force: true });
      await sleep(stepMs / 2);
      return 'next';
    case 'set-line-1': {
      log(`${BOLD}● Update${RESET}(${step.file})`);
      const path = join(cwd, step.file);
      const rest = existsSync(path) ? readFileSync(path, 'utf8').split('\n').slice(1) : [''];
      writeFileSync(path, [step.line, ...rest].join('\n'));
      log('  ⎿ rewrote line 1', DIM);
      await sleep(stepMs / 2);
      return 'next';
    }
    case 'merge-squash': {
      log(`${BOLD}● Bash${RESET}(git merge --squash ${step.branch})`);
      try {
        git(['merge', '--squash', step.branch]);
      } catch {
        /* conflicts: resolved below */
      }
      const conflicted = git(['diff', '--name-only', '--diff-filter=U']).split('\n').filter(Boolean);
      for (const f of conflicted)
        writeFileSync(join(cwd, f), keepBothSides(readFileSync(join(cwd, f), 'utf8')));
      log(`  ⎿ ${conflicted.length} conflicted file(s) resolved, keeping both sides`, DIM);
      await sleep(stepMs / 2);
      return 'next';
    }
    case 'edit-lines': {
      log(`${BOLD}● Update${RESET}(${step.file})`);
      const path = join(cwd, step.file);
      const lines = existsSync(path) ? readFileSync(path, 'utf8').split('\n') : [];
      while (lines.length < step.to) lines.push('');
      for (let n = step.from; n <= step.to; n++) lines[n - 1] = `${step.tag} line ${n}`;
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, lines.join('\n'));
      log(`  ⎿ rewrote lines ${step.from}–${step.to}`, DIM);
      await sleep(stepMs / 2);
      return 'next';
    }
    case 'ask': {
      setStatus(undefined);
      log(`${YELLOW}● Permission needed:${RESET} ${step.action}`);
      process.stdout.write(`${BOLD}${step.question}${RESET} `);
      const a = await input.nextLine();
      const answer = 'line' in a ? a.line.trim().toLowerCase() : 'n';
      if (answer.startsWith('n')) {
        log('● Understood: not making the change.');
        return 'stop';
      }
      log(`● Proceeding (answer: ${sanitizeLine(answer, 40) || 'yes'})`);
      return 'next';
    }
    case 'menu': {
      setStatus(undefined);
      log(`${YELLOW}● Permission needed:${RESET} ${step.action}`);
      const pick = await menu(step.question, step.options);
      if (pick === step.options.length - 1) {
        log('● Understood: not making the change.');
        return 'stop';
      }
      log(`● Proceeding (${pick + 1}. ${step.options[pick]})`);
      return 'next';
    }
    case 'escape':
      leaveEscapedChild();
      log(`${BOLD}● Bash${RESET}(start a background helper)`);
      log('  ⎿ helper detached', DIM);
      return 'next';
    case 'api-error': {
      setStatus(undefined);
      log(`  ⎿ ${API_ERRORS[step.error]}`, RED);
      showPrompt();
      await input.nextLine();
      log('● Retrying');
      return 'next';
    }
    case 'commit':
      setStatus('Committing');
      git(['add', '-A']);
      // Resumed after a crash (respawn) with the work already committed: nothing new to commit.
      if (git(['status', '--porcelain']).trim() === '') {
        log(`${BOLD}● Bash${RESET}(git status)`);
        log('  ⎿ nothing new to commit: the work is already committed', DIM);
        return 'next';
      }
      git(['commit', '--quiet', '-m', step.message]);
      log(`${BOLD}● Bash${RESET}(git commit)`);
      log(`  ⎿ ${sanitizeLine(git(['log', '-1', '--format=%h %s']).trim())}`, DIM);
      return 'next';
    case 'done':
      setStatus('Handing off');
      await sleep(stepMs / 2);
      setStatus(undefined);
      doneOk = runDone();
      return 'next';
    case 'stall':
      setStatus('Thinking', false);
      return 'stop';
    case 'crash':
      setStatus(undefined);
      process.stderr.write(`${RED}Error: the scripted agent crashed (behaviour "crash")${RESET}\n`);
      process.exit(step.code);
  }
}

async function idlePrompt(): Promise<never> {
  for (;;) {
    showPrompt();
    let a = await input.nextLine();
    while (!('line' in a)) a = await input.nextLine(); // Esc at the prompt: nothing to interrupt
    log(`● Received ${a.line.length} characters`);
    if (!doneOk) doneOk = runDone();
    else log('● Nothing left to do on this issue.', DIM);
  }
}

async function main(): Promise<void> {
  log(`${BOLD}╭─ scripted agent ─ ${info.issue} ─ behaviour ${behaviour}${RESET}`);
  for (const step of planSteps(behaviour, info)) {
    if ((await run(step)) !== 'next') {
      if (step.kind === 'stall') return; // keep the frozen status line; stdin keeps the process alive
      break;
    }
  }
  if (behaviour === 'plugin')
    await pluginMain(async () => {
      const a = await input.nextLine();
      return 'line' in a ? a.line : '';
    });
  await idlePrompt();
}

main().catch((e: unknown) => {
  setStatus(undefined);
  process.stderr.write(`${RED}scripted agent error: ${e instanceof Error ? e.message : String(e)}${RESET}\n`);
  process.exit(1);
});
