/**
 * The scripted agent's decisions, pure: read the issue out of the prompt,
 * pick a behaviour, and turn it into steps for the runner.
 */

export const BEHAVIOURS = [
  'succeed',
  'stall',
  'ask',
  'menu',
  'crash',
  'fail-tests',
  'conflict',
  'early-stop',
  'escape',
  'rate-limit',
  'overloaded',
  'auth-error',
  'network-error',
  'resolve',
  'edit-and-wait',
  'plugin',
  /** An offload fix round: removes what fail-tests broke (the BROKEN file), commits, done. */
  'fix',
] as const;
export type Behaviour = (typeof BEHAVIOURS)[number];

/** Model errors the scripted agent can show, as Claude Code prints them. */
export const API_ERRORS = {
  'rate-limit':
    'API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"Number of requests has exceeded your rate limit"}}',
  overloaded: 'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
  'auth-error':
    'API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}',
  'network-error': 'API Error: Connection error.',
} as const;
export type ApiErrorKind = keyof typeof API_ERRORS;

export type PromptInfo = {
  issue: string;
  title: string;
  labels: string[];
  feedback?: string;
  /** The branch a "Resolve merge conflicts" issue is about. */
  conflictBranch?: string;
};

export type Step =
  | { kind: 'say'; text: string }
  | { kind: 'think'; text: string; steps: number }
  | { kind: 'write'; file: string; content: string }
  | { kind: 'remove'; file: string }
  | { kind: 'set-line-1'; file: string; line: string }
  | { kind: 'merge-squash'; branch: string }
  | { kind: 'edit-lines'; file: string; from: number; to: number; tag: string }
  | { kind: 'ask'; question: string; action: string }
  /** A numbered menu answered with single keys (digits, arrows, Enter, Esc), like Claude Code's. */
  | { kind: 'menu'; question: string; action: string; options: string[] }
  /** Leave a child that escapes the session's process group and tree, as Gemini CLI and Codex do. */
  | { kind: 'escape' }
  /** Show a model error and wait at the prompt; any input retries. */
  | { kind: 'api-error'; error: ApiErrorKind }
  | { kind: 'commit'; message: string }
  | { kind: 'done' }
  | { kind: 'stall' }
  | { kind: 'crash'; code: number };

/** The file every `fail-tests` change adds; rigs tested with it fail while it exists. */
export const BROKEN_FILE = 'BROKEN';
/** Line 1 of this file is rewritten by every `conflict` change. */
export const CONFLICT_FILE = 'CONFLICT.txt';

export function parsePrompt(prompt: string): PromptInfo {
  const field = (name: string) => prompt.match(new RegExp(`^${name}: ?(.*)$`, 'm'))?.[1]?.trim() ?? '';
  const labels = field('Labels')
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);
  const fb = prompt.match(/^## Feedback from a previous attempt\n\n([^]*?)(?:\n## |\s*$)/m)?.[1]?.trim();
  const cb = prompt.match(/\(branch (polecat\/[a-z][a-z0-9_-]{0,39})\) conflicts with/)?.[1];
  return {
    issue: field('Issue') || 'unknown',
    title: field('Title'),
    labels,
    ...(fb ? { feedback: fb } : {}),
    ...(cb ? { conflictBranch: cb } : {}),
  };
}

/** The label the refinery puts on a "Resolve merge conflicts" issue: the scripted agent resolves it. */
export const MERGE_CONFLICT_LABEL = 'merge-conflict';

/** $OVERSEER_SCRIPTED_BEHAVIOUR, else a label `behaviour:X` or plain `X`, else resolve for a merge-conflict issue, else succeed. */
export function chooseBehaviour(labels: string[], envValue: string | undefined): Behaviour {
  const valid = (s: string | undefined): s is Behaviour =>
    (BEHAVIOURS as readonly string[]).includes(s ?? '');
  if (valid(envValue)) return envValue;
  for (const l of labels) {
    const v = l.startsWith('behaviour:') ? l.slice('behaviour:'.length) : l;
    if (valid(v)) return v;
  }
  return labels.includes(MERGE_CONFLICT_LABEL) ? 'resolve' : 'succeed';
}

/**
 * Resolve git's conflict blocks by keeping both sides, ours first (a diff3
 * base section is dropped): what the scripted agent does with a conflict.
 */
export function keepBothSides(text: string): string {
  return text.replace(
    /^<{7}[^\n]*\n([^]*?)(?:^\|{7}[^\n]*\n[^]*?)?^={7}\n([^]*?)^>{7}[^\n]*(?:\n|$)/gm,
    (_m, ours: string, theirs: string) => ours + theirs,
  );
}

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'change'
  );
}

/**
 * `edit:FILE:A-B` labels: the lines an `edit-and-wait` change rewrites (default CONFLICT.txt line 1).
 * FILE is relative, without '..'.
 */
export function editTargets(labels: readonly string[]): { file: string; from: number; to: number }[] {
  const out: { file: string; from: number; to: number }[] = [];
  for (const l of labels) {
    const m = /^edit:([A-Za-z0-9._/-]+):(\d+)(?:-(\d+))?$/.exec(l);
    if (!m || m[1]!.split('/').includes('..') || m[1]!.startsWith('/')) continue;
    const from = Number(m[2]);
    const to = m[3] === undefined ? from : Number(m[3]);
    if (from >= 1 && to >= from && to - from < 10_000) out.push({ file: m[1]!, from, to });
  }
  return out.length > 0 ? out : [{ file: CONFLICT_FILE, from: 1, to: 1 }];
}

export function planSteps(behaviour: Behaviour, info: PromptInfo): Step[] {
  const workFile = `work/${slug(info.issue)}.md`;
  const steps: Step[] = [{ kind: 'say', text: `Reading issue ${info.issue}: ${info.title}` }];
  if (info.feedback) steps.push({ kind: 'say', text: `Feedback from a previous attempt: ${info.feedback}` });
  steps.push({ kind: 'think', text: 'Exploring the repository', steps: 2 });
  if (behaviour === 'plugin') return steps; // then answers its mail (plugin-loop.ts)
  if (behaviour === 'stall')
    return [...steps, { kind: 'think', text: 'Thinking', steps: 1 }, { kind: 'stall' }];
  if (behaviour === 'crash')
    return [...steps, { kind: 'say', text: 'Running a tool…' }, { kind: 'crash', code: 3 }];
  if (behaviour === 'resolve' && info.conflictBranch)
    return [
      ...steps,
      { kind: 'say', text: `Bringing ${info.conflictBranch} onto this branch and resolving its conflicts` },
      { kind: 'merge-squash', branch: info.conflictBranch },
      { kind: 'think', text: 'Running the tests', steps: 1 },
      { kind: 'commit', message: `${info.issue}: resolve the merge conflicts of ${info.conflictBranch}` },
      { kind: 'done' },
    ];
  if (behaviour === 'fix')
    return [
      ...steps,
      { kind: 'say', text: 'Reading the failing checks' },
      { kind: 'remove', file: BROKEN_FILE },
      { kind: 'think', text: 'Running the tests', steps: 1 },
      { kind: 'commit', message: `${info.issue}: fix the failing checks` },
      { kind: 'done' },
    ];
  if (behaviour === 'edit-and-wait') {
    // Rewrite the given lines, commit, and wait at the prompt without handing off (done on the next input).
    for (const t of editTargets(info.labels))
      steps.push({ kind: 'edit-lines', ...t, tag: `${info.issue} edits` });
    steps.push({ kind: 'commit', message: `${info.issue}: ${info.title || 'scripted change'}` });
    return steps;
  }
  if (behaviour in API_ERRORS) steps.push({ kind: 'api-error', error: behaviour as ApiErrorKind });
  if (behaviour === 'escape') steps.push({ kind: 'escape' });
  const content = `# ${info.title}\n\nChange for ${info.issue}, made by the scripted agent.\n`;
  if (behaviour === 'ask')
    steps.push({ kind: 'ask', question: 'Do you want to proceed? (y/n)', action: `Edit ${workFile}` });
  if (behaviour === 'menu')
    steps.push({
      kind: 'menu',
      question: 'Do you want to proceed?',
      action: `Edit ${workFile}`,
      options: [
        'Yes',
        "Yes, and don't ask again this session",
        'No, and tell the agent what to do differently (esc)',
      ],
    });
  if (behaviour === 'conflict') {
    steps.push({ kind: 'set-line-1', file: CONFLICT_FILE, line: `${info.issue}: ${info.title}` });
  } else {
    steps.push({ kind: 'write', file: workFile, content });
  }
  if (behaviour === 'fail-tests')
    steps.push({ kind: 'write', file: BROKEN_FILE, content: `broken by ${info.issue}\n` });
  steps.push({ kind: 'think', text: 'Running the tests', steps: 1 });
  steps.push({ kind: 'commit', message: `${info.issue}: ${info.title || 'scripted change'}` });
  // early-stop ends its turn without `overseer done`; any input later makes it run done.
  if (behaviour === 'early-stop')
    steps.push({ kind: 'say', text: 'The change is committed. Ending my turn here.' });
  else steps.push({ kind: 'done' });
  return steps;
}
