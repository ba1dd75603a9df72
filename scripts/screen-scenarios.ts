import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScriptInput } from '../src/standin/script.js';
import type { AgentEnv } from '../test/support/agent-env.js';

/**
 * The screens of the corpus: one scenario each, per CLI. `expect` is the
 * state a person reading the screen would give: working, waiting, idle,
 * exited, or an error kind (error:rate_limit, error:overloaded, error:auth,
 * error:network) for a model error the agent shows.
 */
export type Scenario = {
  cli: 'claude' | 'codex' | 'gemini';
  name: string;
  expect: string;
  note: string;
  script?: ScriptInput;
  title?: string;
  rig?: Record<string, unknown>;
  env?: Record<string, string>;
  prepare?: (env: AgentEnv) => void;
  deadModel?: boolean;
  /** A model named on the command line (Gemini retries less than on its automatic model chain). */
  model?: string;
  /** Keys sent (tmux send-keys names) once `keysWhen` shows. */
  keys?: string[];
  keysWhen?: RegExp;
  until: RegExp;
  settleMs?: number;
  /** Capture no earlier than this after the spawn. */
  minMs?: number;
  timeoutMs?: number;
  cols?: number[];
};

const LONG =
  'node -e "console.log(process.version)" && ls -la && git status --short && echo "this command is long enough to wrap at eighty columns"';
const work: ScriptInput = {
  steps: [
    { do: 'write', say: 'I will record the change.', path: 'NOTES.md', content: '# Notes\n\nA change.\n' },
    { do: 'shell', command: 'git add -A && git commit -q -m "record the change"' },
    { do: 'text', text: 'Committed.' },
  ],
};
const idle: ScriptInput = {
  steps: [{ do: 'text', text: 'I read the issue and the code. Ready when you are.' }],
};
const busy: ScriptInput = { steps: [{ do: 'text', text: 'Thinking it through.', wait_ms: 120_000 }] };
const shell = (escalate = false): ScriptInput => ({
  steps: [{ do: 'shell', command: LONG, escalate, say: 'Let me look around first.' }],
});
const edit: ScriptInput = { steps: [{ do: 'write', path: 'NOTES.md', content: '# Notes\n' }] };
const error = (e: string, times = 10_000): ScriptInput => ({
  steps: [
    { do: 'error', error: e as 'rate_limit', times },
    { do: 'text', text: 'Back again.' },
  ],
});
const dropEnv = (name: string) => (env: AgentEnv) => {
  delete env.env[name];
};

type PerCli = {
  trust: RegExp;
  signIn: { prepare: (env: AgentEnv) => void; env?: Record<string, string>; until: RegExp };
  permission: RegExp;
  busy: RegExp;
  idle: RegExp;
  retry: RegExp;
  /** What a retrying screen is: the CLIs retry on their own, most of them showing only that they are busy. */
  retryExpect: { rate_limit: string; overloaded: string };
  retryMinMs?: number;
  final: RegExp;
  exit: { keys: string[]; until: RegExp };
  finalEnv?: Record<string, string>;
  prepareFinal?: (env: AgentEnv) => void;
  finalModel?: string;
  /** The model for the overloaded final screen, where it differs. */
  overloadedModel?: string;
};

/** A retrying screen that reads as working says why in its note. */
const retryNote = (what: string, expect: string) =>
  expect === 'working'
    ? `${what}, retrying on its own (the screen shows no kind; the -final screen is the error)`
    : `${what}, retrying`;

const codexConfig = (edit: (text: string) => string) => (env: AgentEnv) => {
  const file = join(env.codexHome, 'config.toml');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
};

const CLIS: Record<Scenario['cli'], PerCli> = {
  claude: {
    trust: /trust/i,
    signIn: {
      prepare: dropEnv('ANTHROPIC_AUTH_TOKEN'),
      env: { ANTHROPIC_API_KEY: 'sk-ant-api03-standin-standin-standin-standin-standin-standin-AA' },
      until: /API key/i,
    },
    permission: /Do you want to/,
    busy: /esc to interrupt/,
    idle: /Ready when you are[\s\S]*❯/,
    retry: /Retrying|attempt/i,
    retryExpect: { rate_limit: 'working', overloaded: 'working' },
    final: /API Error|Not logged in/,
    exit: { keys: ['/exit', 'Enter'], until: /Pane is dead/ },
    finalEnv: { CLAUDE_CODE_MAX_RETRIES: '0' },
  },
  codex: {
    trust: /Trust this folder/,
    signIn: {
      prepare: codexConfig((t) => t.replace(/^model_provider = .*$/m, '')),
      until: /Sign in|API key/i,
    },
    permission: /Would you like to/,
    busy: /esc to interrupt/i,
    idle: /Ready when you are[\s\S]*›/,
    retry: /reconnecting|Reconnecting|■/,
    retryExpect: { rate_limit: 'error:rate_limit', overloaded: 'error:overloaded' },
    final: /■|waiting for network/,
    exit: { keys: ['C-c', 'C-c'], until: /Pane is dead/ },
    prepareFinal: codexConfig((t) => t.replace('request_max_retries = 1', 'request_max_retries = 0')),
  },
  gemini: {
    trust: /trust/i,
    signIn: {
      prepare: (env) => {
        delete env.env.GEMINI_API_KEY;
        const f = join(env.home, '.gemini', 'settings.json');
        const s = JSON.parse(readFileSync(f, 'utf8')) as { security?: unknown };
        delete s.security;
        writeFileSync(f, JSON.stringify(s));
      },
      until: /authenticate|Login with Google|API key/i,
    },
    permission: /Allow execution|Apply this change/,
    busy: /esc to cancel/,
    idle: /Ready when you are[\s\S]*Type your message/,
    retry: /esc to cancel/,
    retryExpect: { rate_limit: 'working', overloaded: 'working' },
    retryMinMs: 8000,
    final: /Usage limit reached|API Error|error|high demand/i,
    exit: { keys: ['C-c', 'C-c'], until: /Pane is dead/ },
    finalModel: 'gemini-2.5-flash',
    // Flash's policy retries an overload ten times (minutes of "Thinking…"); flash-lite's falls
    // through its chain at once and asks whether to keep trying.
    overloadedModel: 'gemini-2.5-flash-lite',
    prepareFinal: (env) => {
      const f = join(env.home, '.gemini', 'settings.json');
      const s = JSON.parse(readFileSync(f, 'utf8')) as { general?: Record<string, unknown> };
      s.general = { ...s.general, maxAttempts: 1 };
      writeFileSync(f, JSON.stringify(s));
    },
  },
};

function forCli(cli: Scenario['cli']): Scenario[] {
  const c = CLIS[cli];
  const s = (x: Omit<Scenario, 'cli'>): Scenario => ({ cli, ...x });
  return [
    s({
      name: 'startup',
      expect: 'working',
      note: 'first frame with the prompt sent',
      script: busy,
      until: c.busy,
      settleMs: 0,
    }),
    s({
      name: 'busy',
      expect: 'working',
      note: 'waiting on the model',
      script: busy,
      until: c.busy,
      settleMs: 0,
      minMs: 10_000,
    }),
    s({ name: 'idle', expect: 'idle', note: 'turn ended with text', script: idle, until: c.idle }),
    s({
      name: 'trust',
      expect: 'waiting',
      note: 'pretrust off',
      script: idle,
      rig: { pretrust: false },
      until: c.trust,
    }),
    s({ name: 'sign-in', expect: 'waiting', note: 'no usable credentials', script: idle, ...c.signIn }),
    s({
      name: 'permission-edit',
      expect: 'waiting',
      note: 'ask mode, a file write',
      script: edit,
      rig: { permission_mode: 'ask' },
      until: c.permission,
    }),
    s({
      name: 'permission-shell',
      expect: 'waiting',
      note: 'auto mode, a long command',
      script: shell(true),
      until: c.permission,
    }),
    s({
      name: 'work-done',
      expect: 'idle',
      note: 'wrote, committed, ended the turn',
      script: work,
      until: /Committed\./,
    }),
    s({
      name: 'rate-limit',
      expect: c.retryExpect.rate_limit,
      note: retryNote('429', c.retryExpect.rate_limit),
      script: error('rate_limit'),
      until: c.retry,
      settleMs: 0,
      minMs: c.retryMinMs,
    }),
    s({
      name: 'rate-limit-final',
      model: c.finalModel,
      expect: 'error:rate_limit',
      note: '429, retries spent (Gemini: a spent daily quota, the 429 it shows)',
      script: error(cli === 'gemini' ? 'quota' : 'rate_limit'),
      env: c.finalEnv,
      prepare: c.prepareFinal,
      until: c.final,
      settleMs: 2500,
    }),
    s({
      name: 'overloaded',
      expect: c.retryExpect.overloaded,
      note: retryNote('overloaded', c.retryExpect.overloaded),
      script: error('overloaded'),
      until: c.retry,
      settleMs: 0,
      minMs: c.retryMinMs,
    }),
    s({
      name: 'overloaded-final',
      model: c.overloadedModel ?? c.finalModel,
      expect: 'error:overloaded',
      note: 'overloaded, retries spent (Gemini: its "keep trying?" dialog)',
      script: error('overloaded'),
      env: c.finalEnv,
      prepare: c.prepareFinal,
      until: c.final,
      settleMs: 2500,
    }),
    s({
      name: 'auth-error',
      model: c.finalModel,
      expect: 'error:auth',
      note: 'the key is refused',
      script: error('auth'),
      env: c.finalEnv,
      prepare: c.prepareFinal,
      until: c.final,
      settleMs: 2500,
    }),
    s({
      name: 'network-error',
      model: c.finalModel,
      expect: 'error:network',
      note: 'nothing listens at the model URL',
      script: idle,
      deadModel: true,
      env: c.finalEnv,
      prepare: c.prepareFinal,
      until: c.final,
      settleMs: 0,
      minMs: 20_000,
      timeoutMs: 90_000,
    }),
    s({
      name: 'exit',
      expect: 'exited',
      note: 'the CLI quit',
      script: idle,
      keys: c.exit.keys,
      keysWhen: c.idle,
      until: c.exit.until,
    }),
  ];
}

export const SCENARIOS: Scenario[] = [...forCli('claude'), ...forCli('codex'), ...forCli('gemini')];
