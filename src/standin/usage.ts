/**
 * Token usage the stand-in reports, kept per conversation so a test can hold
 * an agent CLI's own cost records against exactly what it was told. Counts
 * are a fixed function of the bytes sent and produced (about 4 bytes a
 * token, like real tokenizers on English and code); a conversation's next
 * request counts the previous prompt as cached, as prompt caching would.
 */

export type Vendor = 'anthropic' | 'openai' | 'gemini';
export type RequestKind = 'agent' | 'aux';

/** Tokens in a text: about 4 bytes each, at least 1 for non-empty text. */
export function tokens(text: string): number {
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes === 0 ? 0 : Math.ceil(bytes / 4);
}

export type Counts = {
  /** Every prompt token, cached ones included. */
  prompt_tokens: number;
  /** The part of prompt_tokens served from the (pretend) prompt cache. */
  cached_tokens: number;
  output_tokens: number;
};

export type ReplyRecord = Counts & {
  at: string;
  vendor: Vendor;
  kind: RequestKind;
  model: string;
  /** Script step answered (agent requests). */
  step?: number;
  /** The usage object exactly as sent to the CLI, in its vendor's field names. */
  usage: unknown;
};

export type ConversationUsage = Counts & {
  requests: number;
  agent: Counts & { requests: number };
  aux: Counts & { requests: number };
  errors: number;
  replies: ReplyRecord[];
};

const zero = (): Counts => ({ prompt_tokens: 0, cached_tokens: 0, output_tokens: 0 });
const KEEP_REPLIES = 2000;

function add(into: Counts, c: Counts): void {
  into.prompt_tokens += c.prompt_tokens;
  into.cached_tokens += c.cached_tokens;
  into.output_tokens += c.output_tokens;
}

export class UsageBook {
  private readonly byConversation = new Map<string, ConversationUsage>();
  private readonly lastPrompt = new Map<string, number>();

  /** Prompt counts for a request: its size, and how much of it the last one of its kind covered. */
  prompt(conversation: string, vendor: Vendor, kind: RequestKind, promptText: string): Counts {
    const key = `${conversation}\0${vendor}\0${kind}`;
    const total = tokens(promptText);
    const before = this.lastPrompt.get(key) ?? 0;
    this.lastPrompt.set(key, total);
    return { prompt_tokens: total, cached_tokens: Math.min(before, total), output_tokens: 0 };
  }

  private entry(conversation: string): ConversationUsage {
    let u = this.byConversation.get(conversation);
    if (!u) {
      u = {
        ...zero(),
        requests: 0,
        agent: { ...zero(), requests: 0 },
        aux: { ...zero(), requests: 0 },
        errors: 0,
        replies: [],
      };
      this.byConversation.set(conversation, u);
    }
    return u;
  }

  record(conversation: string, r: Omit<ReplyRecord, 'at'>): void {
    const u = this.entry(conversation);
    u.requests++;
    add(u, r);
    const part = u[r.kind];
    part.requests++;
    add(part, r);
    u.replies.push({ at: new Date().toISOString(), ...r });
    if (u.replies.length > KEEP_REPLIES) u.replies.splice(0, u.replies.length - KEEP_REPLIES);
  }

  recordError(conversation: string): void {
    this.entry(conversation).errors++;
  }

  get(conversation: string): ConversationUsage | undefined {
    return this.byConversation.get(conversation);
  }

  all(): Record<string, ConversationUsage> {
    return Object.fromEntries(this.byConversation);
  }
}
