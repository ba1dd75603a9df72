import type { ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { ActionStep, ErrorKind } from './script.js';
import type { Counts, Vendor } from './usage.js';

/** What every vendor module makes of a request and how it answers. */

export type ParsedRequest = {
  vendor: Vendor;
  model: string;
  stream: boolean;
  /** The agent's own turn (it offers the CLI's tools); otherwise a side request (titles, routing). */
  agent: boolean;
  /** Items in the conversation history: where the request stands in its script. */
  historyLength: number;
  /** Every text of the request, for the conversation id and the worktree. */
  text: string;
  /** What counts as prompt tokens. */
  promptText: string;
  /** Side requests that must answer in JSON: the schema. */
  jsonSchema?: unknown;
  /** Tool names the CLI offers. */
  tools: Set<string>;
};

export type ToolCall = { id: string; name: string; args: Record<string, unknown> };
/** One model reply: some text, then at most one tool call. */
export type Content = { text?: string; call?: ToolCall };

export type Fill = { issue: string; worktree?: string };

export type Protocol = {
  vendor: Vendor;
  parse(path: string, body: unknown): ParsedRequest;
  /** The reply's content for a script step, with this CLI's own tool names. */
  content(step: ActionStep, req: ParsedRequest, fill: Fill): Content;
  /** Send a reply; returns the usage object exactly as sent. */
  send(res: ServerResponse, req: ParsedRequest, c: Content, counts: Counts, pace: Pace): Promise<unknown>;
  /** An HTTP error in the vendor's shape. */
  error(kind: Exclude<ErrorKind, 'hang' | 'drop'>): {
    status: number;
    body: unknown;
    headers?: Record<string, string>;
  };
  /** A stream that starts and then stalls (hang) or breaks off (drop). */
  broken(res: ServerResponse, req: ParsedRequest, how: 'hang' | 'drop'): Promise<void>;
};

export type Pace = { chunkMs: number };

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function randomId(prefix: string, n = 12): string {
  return (
    prefix +
    randomBytes(n)
      .toString('hex')
      .slice(0, n * 2)
  );
}

/** Text in pieces of about `size` characters, split after spaces where possible. */
export function chunks(text: string, size = 24): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > size) {
    const cut = rest.lastIndexOf(' ', size);
    const at = cut > 0 ? cut + 1 : size;
    out.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  if (rest) out.push(rest);
  return out;
}

/** Server-sent events on a response; `event` lines only where the vendor uses them. */
export class Sse {
  constructor(
    private readonly res: ServerResponse,
    private readonly pace: Pace,
    private readonly eol = '\n',
  ) {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.flushHeaders();
  }

  async send(data: unknown, event?: string, paced = false): Promise<void> {
    if (paced && this.pace.chunkMs > 0) await sleep(this.pace.chunkMs);
    const e = this.eol;
    this.res.write(`${event ? `event: ${event}${e}` : ''}data: ${JSON.stringify(data)}${e}${e}`);
  }

  end(): void {
    this.res.end();
  }

  /** Break the connection off mid-stream. */
  drop(): void {
    this.res.socket?.destroy();
  }
}

/** The text the model "produces" for a reply, for its output token count. */
export function outputText(c: Content): string {
  return (c.text ?? '') + (c.call ? c.call.name + JSON.stringify(c.call.args) : '');
}

/** A JSON value that satisfies a (simple) JSON schema: side requests that want structured output. */
export function sampleJson(schema: unknown, hint: string): unknown {
  const s = (schema ?? {}) as Record<string, unknown>;
  const type = String(s.type ?? 'object').toLowerCase();
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if (type === 'object') {
    const props = (s.properties ?? {}) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, sampleJson(v, hint)]));
  }
  if (type === 'array') return [];
  if (type === 'integer' || type === 'number') return typeof s.minimum === 'number' ? s.minimum : 1;
  if (type === 'boolean') return false;
  return hint;
}

/** A short title from the request's issue: what side requests (session titles) get. */
export function titleHint(fill: Fill): string {
  return fill.issue === 'default' ? 'Scripted work' : `Work on ${fill.issue}`;
}
