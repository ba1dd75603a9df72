import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { sanitizeLine } from '../../core/sanitize.js';
import { chooseBehaviour, parsePrompt, planSteps, type Step } from './plan.js';
import { ScriptedPlugin } from './plugin-loop.js';

/**
 * The scripted agent: behaves like an agent TUI in tmux without a model.
 * argv: <prompt file>. It prints progress above a live status line
 * ("⠋ Working… (esc to interrupt)"), asks permission when told to, edits
 * files, commits and runs `overseer done`, then waits at a `❯` prompt.
 * Input lines it receives are appended to <prompt file>.received.
 * Speed: $OVERSEER_SCRIPTED_STEP_MS (default 700).
 */

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const DIM = '\x1b[2m';
const BOLD = '\x1b[1m';
const CYAN = '\x1b[36m';
const GREEN = '\x1b[32m';
const RED = '\x1b[31m';
const YELLOW = '\x1b[33m';
const RESET = '\x1b[0m';

const promptFile = process.argv[2];
if (!promptFile) {
  process.stderr.write('usage: scripted-agent <prompt-file>\n');
  process.exit(2);
}
const stepMs = Math.max(1, Number(process.env.OVERSEER_SCRIPTED_STEP_MS ?? 700) || 700);
const info = parsePrompt(readFileSync(promptFile, 'utf8'));
const behaviour = chooseBehaviour(info.labels, process.env.OVERSEER_SCRIPTED_BEHAVIOUR);
const cwd = process.cwd();

// ---- terminal: log lines above one live status line -------------------------------------------
let status: string | undefined;
let frame = 0;
let spinning: NodeJS.Timeout | undefined;

function drawStatus(): void {
  if (status !== undefined)
    process.stdout.write(
      `\r\x1b[2K${CYAN}${SPINNER[frame % SPINNER.length]} ${status}…${RESET} ${DIM}(esc to interrupt)${RESET}`,
    );
}
function clearStatus(): void {
  if (status !== undefined) process.stdout.write('\r\x1b[2K');
}
function log(text: string, colour = ''): void {
  clearStatus();
  process.stdout.write(`${colour}${text}${colour ? RESET : ''}\n`);
  drawStatus();
}
function setStatus(text: string | undefined, animate = true): void {
  clearStatus();
  status = text;
  if (spinning) clearInterval(spinning);
  spinning = undefined;
  if (text !== undefined && animate) {
    spinning = setInterval(() => {
      frame++;
      drawStatus();
    }, 120);
  }
  drawStatus();
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- input: one line at a time from the terminal ----------------------------------------------
const lines: string[] = [];
let waiter: ((line: string) => void) | undefined;
const rl = createInterface({ input: process.stdin, terminal: false });
rl.on('line', (line) => {
  appendFileSync(`${promptFile}.received`, line + '\n');
  if (waiter) {
    const w = waiter;
    waiter = undefined;
    w(line);
  } else lines.push(line);
});
function nextLine(): Promise<string> {
  const queued = lines.shift();
  return queued !== undefined ? Promise.resolve(queued) : new Promise((r) => (waiter = r));
}

// ---- actions ----------------------------------------------------------------------------------
function git(args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=scripted agent', '-c', 'user.email=scripted@overseer.local', ...args],
    {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
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
    case 'set-line-1': {
      log(`${BOLD}● Update${RESET}(${step.file})`);
      const path = join(cwd, step.file);
      const rest = existsSync(path) ? readFileSync(path, 'utf8').split('\n').slice(1) : [''];
      writeFileSync(path, [step.line, ...rest].join('\n'));
      log('  ⎿ rewrote line 1', DIM);
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
      const answer = (await nextLine()).trim().toLowerCase();
      if (answer.startsWith('n')) {
        log('● Understood: not making the change.');
        return 'stop';
      }
      log(`● Proceeding (answer: ${sanitizeLine(answer, 40) || 'yes'})`);
      return 'next';
    }
    case 'commit':
      setStatus('Committing');
      git(['add', '-A']);
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

let doneOk = false;

async function idlePrompt(): Promise<never> {
  for (;;) {
    setStatus(undefined);
    process.stdout.write(`\n${BOLD}❯${RESET} `);
    const line = await nextLine();
    log(`● Received ${line.length} characters`);
    if (!doneOk) doneOk = runDone();
    else log('● Nothing left to do on this issue.', DIM);
  }
}

/** Behaviour `plugin`: answer request mail, check again on every input line and every 1.5 s. */
async function pluginMain(): Promise<never> {
  const address = `${process.env.OVERSEER_RIG ?? '?'}/plugins/${process.env.OVERSEER_PLUGIN ?? '?'}`;
  const plugin = new ScriptedPlugin(address, process.env.OVERSEER_SCRIPTED_VERDICT ?? 'proceed', log);
  log(`● Plugin ${address}: answering with ${plugin.verdict}`);
  setStatus(undefined);
  plugin.checkMail();
  setInterval(() => plugin.checkMail(), 1500);
  for (;;) {
    process.stdout.write(`\n${BOLD}❯${RESET} `);
    plugin.onInput(await nextLine());
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
  if (behaviour === 'plugin') await pluginMain();
  await idlePrompt();
}

main().catch((e: unknown) => {
  setStatus(undefined);
  process.stderr.write(`${RED}scripted agent error: ${e instanceof Error ? e.message : String(e)}${RESET}\n`);
  process.exit(1);
});
