import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { anthropic } from './anthropic.js';
import { conversationOf, ScriptEngine, worktreeOf, type EngineOptions } from './engine.js';
import { gemini } from './gemini.js';
import { openai } from './openai.js';
import { sampleJson, sleep, titleHint, outputText, type Content, type Protocol } from './protocol.js';
import { fillStep, type ScriptInput } from './script.js';
import { tokens, type ConversationUsage } from './usage.js';

/**
 * The model stand-in: a local HTTP server that speaks the APIs of Claude
 * Code, Codex and Gemini CLI and plays a script per conversation. It is the
 * only part of the real-agent tests that is not real.
 *
 * Control endpoints (JSON): `PUT /_standin/scripts/ID` sets a script,
 * `GET /_standin/usage[/ID]` the tokens reported, `GET /_standin/progress`
 * each conversation's next step.
 */

export type StandinOptions = EngineOptions & {
  /** Default 0: a free port. Always 127.0.0.1. */
  port?: number;
  /** Pause between streamed pieces (default 15 ms), so a CLI shows its busy screen. */
  chunkMs?: number;
  /** Pause before each reply (default 300 ms); a step's wait_ms overrides it. */
  thinkMs?: number;
  log?: (line: string) => void;
};

export type Standin = {
  url: string;
  port: number;
  engine: ScriptEngine;
  setScript(conversation: string, script: ScriptInput): void;
  usage(conversation: string): ConversationUsage | undefined;
  close(): Promise<void>;
};

const MAX_BODY = 64 * 1024 * 1024;

function route(method: string, path: string): Protocol | 'count' | undefined {
  if (method !== 'POST') return undefined;
  if (/^\/v1\/messages\/count_tokens$/.test(path)) return 'count';
  if (/^\/v1\/messages$/.test(path)) return anthropic;
  if (/^\/v1\/responses$/.test(path)) return openai;
  if (/^\/v1(beta|alpha)?\/models\/[^/:]+:countTokens$/.test(path)) return 'count';
  if (/^\/v1(beta|alpha)?\/models\/[^/:]+:(stream)?[gG]enerateContent$/.test(path)) return gemini;
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body too large');
    parts.push(c as Buffer);
  }
  const raw = Buffer.concat(parts);
  return req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
}

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export async function startStandin(opts: StandinOptions = {}): Promise<Standin> {
  const engine = new ScriptEngine(opts);
  const pace = { chunkMs: opts.chunkMs ?? 15 };
  const log = opts.log ?? (() => undefined);

  async function model(p: Protocol, path: string, body: unknown, res: ServerResponse): Promise<void> {
    const req = p.parse(path, body);
    const conversation = conversationOf(req.text);
    const fill = { issue: conversation, worktree: worktreeOf(req.text) };
    let content: Content;
    let step: number | undefined;
    let wait = opts.thinkMs ?? 300;
    if (!req.agent) {
      content = {
        text:
          req.jsonSchema !== undefined
            ? JSON.stringify(sampleJson(req.jsonSchema, titleHint(fill)))
            : titleHint(fill),
      };
      wait = Math.min(wait, 50);
    } else {
      const r = engine.next(conversation, p.vendor, req.historyLength);
      step = r.index;
      if (r.kind === 'error') {
        log(`${p.vendor} ${conversation} step ${r.index}: ${r.step.error} (${r.served}/${r.step.times})`);
        engine.usage.recordError(conversation);
        if (r.step.wait_ms) await sleep(r.step.wait_ms);
        if (r.step.error === 'hang' || r.step.error === 'drop') return p.broken(res, req, r.step.error);
        const e = p.error(r.step.error);
        return json(res, r.step.status ?? e.status, e.body, e.headers);
      }
      if (r.kind === 'end') content = { text: r.text };
      else {
        content = p.content(fillStep(r.step, fill), req, fill);
        if (r.step.wait_ms !== undefined) wait = r.step.wait_ms;
      }
      log(`${p.vendor} ${conversation} step ${r.index}: ${r.kind === 'action' ? r.step.do : 'end'}`);
    }
    if (wait > 0) await sleep(wait);
    const prompt = engine.usage.prompt(conversation, p.vendor, req.agent ? 'agent' : 'aux', req.promptText);
    const counts = { ...prompt, output_tokens: Math.max(1, tokens(outputText(content))) };
    const usage = await p.send(res, req, content, counts, pace);
    engine.usage.record(conversation, {
      vendor: p.vendor,
      kind: req.agent ? 'agent' : 'aux',
      model: req.model,
      step,
      ...counts,
      usage,
    });
  }

  async function control(method: string, path: string, body: Buffer, res: ServerResponse): Promise<void> {
    const m = /^\/_standin\/(\w+)(?:\/([A-Za-z0-9._-]+))?$/.exec(path);
    const [what, id] = [m?.[1], m?.[2]];
    if (what === 'health') return json(res, 200, { ok: true });
    if (what === 'progress') return json(res, 200, engine.progress());
    if (what === 'usage' && method === 'GET')
      return json(res, 200, id ? (engine.usage.get(id) ?? null) : engine.usage.all());
    if (what === 'scripts' && id && (method === 'PUT' || method === 'POST')) {
      engine.setScript(id, JSON.parse(body.toString('utf8')) as ScriptInput);
      return json(res, 200, { ok: true });
    }
    json(res, 404, { error: `no such control endpoint: ${method} ${path}` });
  }

  const server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0]!;
    void (async () => {
      try {
        if (method === 'HEAD' || (method === 'GET' && path === '/')) return void res.writeHead(200).end();
        const body = await readBody(req);
        if (path.startsWith('/_standin/')) return await control(method, path, body, res);
        const p = route(method, path);
        if (!p) return json(res, 404, { error: { message: `not served here: ${method} ${path}` } });
        const parsed = body.length > 0 ? (JSON.parse(body.toString('utf8')) as unknown) : {};
        if (p === 'count') {
          const n = tokens(JSON.stringify(parsed));
          return json(res, 200, path.includes('countTokens') ? { totalTokens: n } : { input_tokens: n });
        }
        await model(p, path, parsed, res);
      } catch (e) {
        log(`error ${method} ${path}: ${(e as Error).message}`);
        if (!res.headersSent) json(res, 400, { error: { message: (e as Error).message } });
        else res.destroy();
      }
    })();
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    engine,
    setScript: (id, s) => engine.setScript(id, s),
    usage: (id) => engine.usage.get(id),
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
