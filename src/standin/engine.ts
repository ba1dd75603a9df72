import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  defaultScript,
  parseScript,
  type ActionStep,
  type ErrorStep,
  type Script,
  type ScriptInput,
} from './script.js';
import { UsageBook } from './usage.js';

/**
 * The script engine: which reply a request gets. A conversation is keyed by
 * the issue id found in its prompt. A request is placed in its script by the
 * length of the history it carries: a new length takes the next step, the
 * same length again (a retry after an error, a CLI that restarted) gets the
 * same step, so retries and restarts replay instead of skipping ahead.
 */

export type Reply =
  | { kind: 'action'; step: ActionStep; index: number }
  | { kind: 'error'; step: ErrorStep; index: number; served: number }
  | { kind: 'end'; text: string; index: number };

type Conversation = {
  script: Script;
  byLength: Map<number, number>;
  next: number;
  /** How often each error step was served. */
  served: Map<number, number>;
};

export type EngineOptions = {
  /** Scripts by conversation id. */
  scripts?: Record<string, ScriptInput>;
  /** A directory of `<conversation>.json` scripts, read when a conversation is first seen. */
  scriptsDir?: string;
};

const CONVERSATION_RE = /\bIssue: ([a-z0-9][a-z0-9._-]*[a-z0-9])/i;
const WORKTREE_RE = /Your workspace is the git worktree\s+(\S+) on branch/;

/** The issue id in a prompt (the conversation's key), or `default`. */
export function conversationOf(text: string): string {
  return CONVERSATION_RE.exec(text)?.[1] ?? 'default';
}

/** The worktree Overseer's prompt names, if any. */
export function worktreeOf(text: string): string | undefined {
  return WORKTREE_RE.exec(text)?.[1];
}

export class ScriptEngine {
  readonly usage = new UsageBook();
  private readonly conversations = new Map<string, Conversation>();
  private readonly scripts = new Map<string, Script>();

  constructor(private readonly opts: EngineOptions = {}) {
    for (const [id, s] of Object.entries(opts.scripts ?? {})) this.setScript(id, s);
  }

  /** Give a conversation its script (replacing any, and starting it over). */
  setScript(id: string, script: ScriptInput | Script): void {
    this.scripts.set(id, parseScript(script, `script for ${id}`));
    for (const key of [...this.conversations.keys()])
      if (key.startsWith(`${id}/`)) this.conversations.delete(key);
  }

  private conversation(id: string, vendor: string): Conversation {
    const key = `${id}/${vendor}`;
    let c = this.conversations.get(key);
    if (!c) {
      c = { script: this.scriptFor(id), byLength: new Map(), next: 0, served: new Map() };
      this.conversations.set(key, c);
    }
    return c;
  }

  private scriptFor(id: string): Script {
    const given = this.scripts.get(id);
    if (given) return given;
    const dir = this.opts.scriptsDir;
    const file = dir ? join(dir, `${id}.json`) : undefined;
    if (file && existsSync(file)) return parseScript(JSON.parse(readFileSync(file, 'utf8')), file);
    return defaultScript();
  }

  /** The reply for an agent request of conversation `id` whose history holds `length` items. */
  next(id: string, vendor: string, length: number): Reply {
    const c = this.conversation(id, vendor);
    let index = c.byLength.get(length) ?? c.next;
    for (;;) {
      c.byLength.set(length, index);
      const step = c.script.steps[index];
      if (step === undefined) {
        c.next = Math.max(c.next, index + 1);
        return { kind: 'end', text: c.script.after, index };
      }
      if (step.do !== 'error') {
        c.next = Math.max(c.next, index + 1);
        return { kind: 'action', step, index };
      }
      const served = c.served.get(index) ?? 0;
      if (served < step.times) {
        c.served.set(index, served + 1);
        c.next = Math.max(c.next, index);
        return { kind: 'error', step, index, served: served + 1 };
      }
      index++;
    }
  }

  /** Where each conversation stands (keyed `ISSUE/VENDOR`): the next step and how many steps it has. */
  progress(): Record<string, { next: number; steps: number }> {
    const out: Record<string, { next: number; steps: number }> = {};
    for (const [id, c] of this.conversations) out[id] = { next: c.next, steps: c.script.steps.length };
    return out;
  }
}
