import { z } from 'zod';
import { describeZodError } from '../core/zod-errors.js';

/**
 * What the model stand-in plays for one conversation: a list of steps, one
 * per model reply. A tool step makes the agent CLI run one of its own tools
 * (write or edit a file, run a shell command) and call back with the result;
 * a `text` step ends the agent's turn; an `error` step answers with a
 * vendor-shaped failure `times` times before the script moves on.
 *
 * Strings may hold `{issue}` and `{worktree}`, filled in from the prompt.
 */

const Say = z.string().optional();
const Wait = z.number().int().min(0).max(600_000).optional();

/** rate_limit: a 429 the CLI retries; quota: a 429 for a spent quota (Gemini's daily quota, OpenAI's insufficient_quota), not retried. */
export const ERROR_KINDS = ['rate_limit', 'quota', 'overloaded', 'server', 'auth', 'hang', 'drop'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export const ScriptStep = z.discriminatedUnion('do', [
  z.strictObject({ do: z.literal('text'), text: z.string().min(1), wait_ms: Wait }),
  z.strictObject({
    do: z.literal('write'),
    path: z.string().min(1),
    content: z.string(),
    say: Say,
    wait_ms: Wait,
  }),
  z.strictObject({
    do: z.literal('edit'),
    path: z.string().min(1),
    old: z.string().min(1),
    new: z.string(),
    say: Say,
    wait_ms: Wait,
  }),
  z.strictObject({
    do: z.literal('shell'),
    command: z.string().min(1),
    /** Codex: ask to run outside the sandbox (its approval prompt). Others ask by their own rules. */
    escalate: z.boolean().optional(),
    say: Say,
    wait_ms: Wait,
  }),
  z.strictObject({
    do: z.literal('error'),
    error: z.enum(ERROR_KINDS),
    /** How many requests in a row get this error before the script moves on (default 1). */
    times: z.number().int().min(1).max(100_000).default(1),
    /** Override the vendor's usual HTTP status (e.g. 529 for any vendor). */
    status: z.number().int().min(400).max(599).optional(),
    wait_ms: Wait,
  }),
]);
export type ScriptStep = z.infer<typeof ScriptStep>;
export type ActionStep = Exclude<ScriptStep, { do: 'error' }>;
export type ErrorStep = Extract<ScriptStep, { do: 'error' }>;

export const Script = z.strictObject({
  steps: z.array(ScriptStep),
  /** Said when the script has run out (every later request ends the turn with it). */
  after: z.string().min(1).default('Nothing more to do here.'),
});
export type Script = z.infer<typeof Script>;
export type ScriptInput = z.input<typeof Script>;

/** Validate a script (from a file or a request); the error names the bad field. */
export function parseScript(raw: unknown, where: string): Script {
  const r = Script.safeParse(raw);
  if (!r.success) throw new Error(`${where}: ${describeZodError(r.error)}`);
  return r.data;
}

/** The script played when none was given for a conversation: the work of an issue, done properly. */
export function defaultScript(): Script {
  return parseScript(
    {
      steps: [
        {
          do: 'write',
          say: "I'll record the change for {issue} in a new file.",
          path: 'CHANGES-{issue}.md',
          content: '# {issue}\n\nDone by the model stand-in.\n',
        },
        {
          do: 'shell',
          say: 'Now I commit it.',
          command: 'git add -A && git commit -q -m "{issue}: record the change"',
        },
        { do: 'shell', command: 'overseer done' },
        { do: 'text', text: 'The change is committed and handed to the merge queue.' },
      ],
    },
    'default script',
  );
}

export type Fill = { issue: string; worktree?: string };

/** `{issue}` and `{worktree}` substituted in every string of a step. */
export function fillStep<T extends ScriptStep>(step: T, fill: Fill): T {
  const sub = (s: string) =>
    s.replace(/\{issue\}/g, fill.issue).replace(/\{worktree\}/g, fill.worktree ?? '.');
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(step)) out[k] = typeof v === 'string' ? sub(v) : v;
  return out as T;
}
