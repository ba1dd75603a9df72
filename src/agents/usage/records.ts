import { addTokens, type FileCursor, type Tokens, ZERO_TOKENS } from '../../town/schemas/usage.js';

/**
 * One model reply's token usage, read from one line of an agent CLI's own
 * records. Each CLI counts differently; all are read into the same four
 * numbers (input not from a cache, output, cache read, cache write).
 */
export type UsageRecord = {
  /** Set when the CLI may write the same reply again (the later copy replaces the earlier). */
  id?: string;
  model?: string;
  /** The reply's time (ISO), for the daily budget. */
  at?: string;
  tokens: Tokens;
};

export const USAGE_READERS = ['claude', 'codex', 'gemini'] as const;
export type UsageReader = (typeof USAGE_READERS)[number];

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
const num = (v: unknown): number =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Claude Code transcript line: an `assistant` entry carries the Messages API
 * usage; one reply with several content blocks is written once per block,
 * under the same message id.
 */
function claudeRecord(raw: Obj): UsageRecord | undefined {
  if (raw.type !== 'assistant') return undefined;
  const message = obj(raw.message);
  const u = obj(message?.usage);
  if (!message || !u) return undefined;
  const model = str(message.model);
  if (model === '<synthetic>') return undefined;
  return {
    id: str(message.id) ?? str(raw.requestId) ?? str(raw.uuid),
    model,
    at: str(raw.timestamp),
    tokens: {
      input: num(u.input_tokens),
      output: num(u.output_tokens),
      cache_read: num(u.cache_read_input_tokens),
      cache_write: num(u.cache_creation_input_tokens),
    },
  };
}

/**
 * Codex rollout line: `turn_context` names the model; `token_count` events
 * carry the session's running total (input includes cached input), which
 * the cursor remembers so a repeated event adds nothing.
 */
function codexRecord(raw: Obj, cursor: FileCursor): UsageRecord | undefined {
  const payload = obj(raw.payload);
  if (!payload) return undefined;
  if (raw.type === 'turn_context') {
    const model = str(payload.model);
    if (model) cursor.model = model;
    return undefined;
  }
  if (raw.type !== 'event_msg' || payload.type !== 'token_count') return undefined;
  const total = obj(obj(payload.info)?.total_token_usage);
  if (!total) return undefined;
  const cached = num(total.cached_input_tokens);
  const now: Tokens = {
    input: Math.max(0, num(total.input_tokens) - cached),
    output: num(total.output_tokens),
    cache_read: cached,
    cache_write: num(total.cache_write_input_tokens),
  };
  const before = cursor.total ?? ZERO_TOKENS;
  const delta = addTokens(now, before, -1);
  cursor.total = now;
  if (Object.values(delta).some((n) => n < 0)) return undefined; // a new total restarted lower: count from it on
  return { model: cursor.model, at: str(raw.timestamp), tokens: delta };
}

/**
 * Gemini CLI chat log line (tmp/<project>/chats/session-*.jsonl): a `gemini`
 * message with its `tokens`; input includes cached input, thoughts are
 * billed as output. A message is written again as it grows, under its id.
 */
function geminiRecord(raw: Obj): UsageRecord | undefined {
  if (raw.type !== 'gemini') return undefined;
  const t = obj(raw.tokens);
  if (!t) return undefined;
  const cached = num(t.cached);
  return {
    id: str(raw.id),
    model: str(raw.model),
    at: str(raw.timestamp),
    tokens: {
      input: Math.max(0, num(t.input) - cached) + num(t.tool),
      output: num(t.output) + num(t.thoughts),
      cache_read: cached,
      cache_write: 0,
    },
  };
}

/** The usage in one parsed line of `reader`'s records, if any. May update the cursor (Codex). */
export function usageOfLine(reader: UsageReader, raw: unknown, cursor: FileCursor): UsageRecord | undefined {
  const o = obj(raw);
  if (!o) return undefined;
  switch (reader) {
    case 'claude':
      return claudeRecord(o);
    case 'codex':
      return codexRecord(o, cursor);
    case 'gemini':
      return geminiRecord(o);
  }
}
