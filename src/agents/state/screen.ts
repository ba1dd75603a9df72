import type { PolecatStateName } from '../../town/schemas/polecat.js';

/**
 * Reading an agent's pane with its preset's patterns: a pure function of
 * the pane's last lines. Used by the state derivation and by `answer` (to
 * see whether a question went away).
 */

/** Model errors an agent CLI shows: each has its own patterns and reason. */
export const MODEL_ERROR_KINDS = ['rate_limit', 'overloaded', 'auth', 'network'] as const;
export type ModelErrorKind = (typeof MODEL_ERROR_KINDS)[number];

export const MODEL_ERROR_LABEL: Record<ModelErrorKind, string> = {
  rate_limit: 'rate limit',
  overloaded: 'model overloaded',
  auth: 'authentication failure',
  network: 'network failure',
};

export type StateRules = {
  busy: RegExp[];
  waiting: RegExp[];
  /** Model error patterns by kind. */
  errors: { kind: ModelErrorKind; pattern: RegExp }[];
  /** The empty input prompt, anywhere in the tail; optional (older callers). */
  idle?: RegExp[];
  promptMarker?: string;
  tailLines: number;
};

export type ScreenReading = {
  state: PolecatStateName;
  source: 'pattern';
  reason: string;
  /** For an error: its kind. */
  error?: ModelErrorKind;
};

/** The last `tailLines` non-blank lines of a pane. */
export function tailLines(paneTail: string, n: number): string[] {
  return paneTail
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .slice(-n);
}

/**
 * The preset's patterns against the last `tailLines` non-blank lines:
 * waiting beats everything (a question for a human); a model error beats
 * busy unless the busy line is below it (the agent got going again); busy
 * beats the idle prompt marker. Undefined when nothing matches.
 */
export function readScreen(paneTail: string, rules: StateRules): ScreenReading | undefined {
  const lines = tailLines(paneTail, rules.tailLines);
  const find = <T extends { pattern: RegExp }>(items: T[]) => {
    for (let i = lines.length - 1; i >= 0; i--) {
      for (const item of items) if (item.pattern.test(lines[i]!)) return { at: i, line: lines[i]!, item };
    }
    return undefined;
  };
  const wrap = (list: RegExp[]) => list.map((pattern) => ({ pattern }));
  const waiting = find(wrap(rules.waiting));
  if (waiting) return { state: 'waiting', source: 'pattern', reason: `pattern "${excerpt(waiting.line)}"` };
  const error = find(rules.errors);
  const busy = find(wrap(rules.busy));
  if (error && (!busy || error.at >= busy.at)) {
    const kind = error.item.kind;
    return {
      state: 'error',
      source: 'pattern',
      reason: `${MODEL_ERROR_LABEL[kind]}: "${excerpt(error.line)}"`,
      error: kind,
    };
  }
  if (busy)
    return { state: 'working', source: 'pattern', reason: `pattern "${excerpt(busy.item.pattern.source)}"` };
  const idle = find(wrap(rules.idle ?? []));
  if (idle) return { state: 'idle', source: 'pattern', reason: `prompt "${excerpt(idle.line, 40)}" shown` };
  const marker = rules.promptMarker;
  if (marker !== undefined) {
    const last = lines[lines.length - 1];
    if (last !== undefined && stripBox(last).startsWith(marker)) {
      return { state: 'idle', source: 'pattern', reason: `prompt "${marker}" shown` };
    }
  }
  return undefined;
}

function stripBox(line: string): string {
  return line.replace(/[│┃|╭╮╰╯─]/g, '').trim();
}

export function excerpt(s: string, max = 80): string {
  const t = s.trim().replace(/\s+/g, ' ');
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
}
