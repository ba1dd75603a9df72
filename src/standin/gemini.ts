import { resolve } from 'node:path';
import type { ServerResponse } from 'node:http';
import { allStrings } from './walk.js';
import { chunks, randomId, Sse, type Protocol } from './protocol.js';

/**
 * Gemini (`POST /v1beta/models/MODEL:generateContent` and
 * `:streamGenerateContent?alt=sse`), as Gemini CLI calls it: candidates
 * whose parts hold text and `functionCall`s, usage in `usageMetadata`.
 */

type Body = {
  contents?: unknown[];
  systemInstruction?: unknown;
  tools?: { functionDeclarations?: { name?: string }[] }[];
  generationConfig?: { responseJsonSchema?: unknown; responseSchema?: unknown };
};

const ERRORS = {
  rate_limit: {
    status: 429,
    state: 'RESOURCE_EXHAUSTED',
    message: 'Resource has been exhausted (e.g. check quota).',
  },
  quota: {
    status: 429,
    state: 'RESOURCE_EXHAUSTED',
    message: 'You exceeded your current quota, please check your plan and billing details.',
  },
  overloaded: {
    status: 503,
    state: 'UNAVAILABLE',
    message: 'The model is overloaded. Please try again later.',
  },
  server: {
    status: 500,
    state: 'INTERNAL',
    message:
      'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  },
  auth: {
    status: 400,
    state: 'INVALID_ARGUMENT',
    message: 'API key not valid. Please pass a valid API key.',
  },
} as const;

export const gemini: Protocol = {
  vendor: 'gemini',

  parse(path, raw) {
    const b = raw as Body;
    const m = /\/models\/([^:/]+):(\w+)/.exec(path);
    const tools = new Set(
      (b.tools ?? []).flatMap((t) => (t.functionDeclarations ?? []).map((f) => String(f.name))),
    );
    return {
      vendor: 'gemini',
      model: m?.[1] ?? 'gemini',
      stream: m?.[2] === 'streamGenerateContent',
      agent: tools.has('run_shell_command'),
      historyLength: b.contents?.length ?? 0,
      text: allStrings(b.contents).join('\n'),
      promptText: JSON.stringify([b.systemInstruction, b.tools, b.contents]),
      jsonSchema: b.generationConfig?.responseJsonSchema ?? b.generationConfig?.responseSchema,
      tools,
    };
  },

  content(step, _req, fill) {
    const id = randomId('gemini_', 8);
    const abs = (p: string) => resolve(fill.worktree ?? '/', p);
    switch (step.do) {
      case 'text':
        return { text: step.text };
      case 'write':
        return {
          text: step.say,
          call: { id, name: 'write_file', args: { file_path: abs(step.path), content: step.content } },
        };
      case 'edit':
        return {
          text: step.say,
          call: {
            id,
            name: 'replace',
            args: {
              file_path: abs(step.path),
              old_string: step.old,
              new_string: step.new,
              instruction: `Change ${step.path}`,
            },
          },
        };
      case 'shell':
        return {
          text: step.say,
          call: {
            id,
            name: 'run_shell_command',
            args: { command: step.command, description: `Run ${step.command.split(' ')[0]}` },
          },
        };
    }
  },

  async send(res, req, c, counts, pace) {
    const usageMetadata = {
      promptTokenCount: counts.prompt_tokens,
      candidatesTokenCount: counts.output_tokens,
      totalTokenCount: counts.prompt_tokens + counts.output_tokens,
      ...(counts.cached_tokens > 0 ? { cachedContentTokenCount: counts.cached_tokens } : {}),
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: counts.prompt_tokens }],
    };
    const responseId = randomId('', 11);
    const frame = (parts: unknown[], last: boolean) => ({
      candidates: [
        { content: { parts, role: 'model' }, ...(last ? { finishReason: 'STOP' } : {}), index: 0 },
      ],
      ...(last ? { usageMetadata } : {}),
      modelVersion: req.model,
      responseId,
    });
    const call = c.call ? [{ functionCall: { name: c.call.name, args: c.call.args } }] : [];
    if (!req.stream) {
      res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify(frame([...(c.text ? [{ text: c.text }] : []), ...call], true)));
      return usageMetadata;
    }
    const sse = new Sse(res, pace, '\r\n');
    const pieces = c.text ? chunks(c.text) : [];
    for (const [i, text] of pieces.entries()) {
      const last = i === pieces.length - 1 && call.length === 0;
      await sse.send(frame([{ text }], last), undefined, true);
    }
    if (call.length > 0 || pieces.length === 0)
      await sse.send(frame(call.length > 0 ? call : [{ text: '' }], true));
    sse.end();
    return usageMetadata;
  },

  error(kind) {
    const e = ERRORS[kind];
    const details: unknown[] = [];
    if (kind === 'auth')
      details.push({
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'API_KEY_INVALID',
        domain: 'googleapis.com',
        metadata: { service: 'generativelanguage.googleapis.com' },
      });
    if (kind === 'rate_limit')
      details.push({
        '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
        violations: [
          {
            quotaMetric: 'generativelanguage.googleapis.com/generate_content_paid_tier_input_token_count',
            quotaId: 'GenerateContentPaidTierInputTokensPerModelPerMinute',
          },
        ],
      });
    // As the API does: how long to wait, which the CLI honours between its retries.
    if (kind === 'quota')
      details.push({
        '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
        violations: [
          {
            quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
            quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
          },
        ],
      });
    if (kind === 'rate_limit' || kind === 'overloaded')
      details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1s' });
    const message = kind === 'rate_limit' ? `${e.message} Please retry in 1s.` : e.message;
    return {
      status: e.status,
      body: { error: { code: e.status, message, status: e.state, ...(details.length ? { details } : {}) } },
    };
  },

  async broken(res: ServerResponse, req, how) {
    const sse = new Sse(res, { chunkMs: 0 }, '\r\n');
    if (how === 'hang') return;
    await sse.send({
      candidates: [{ content: { parts: [{ text: 'Let me ' }], role: 'model' }, index: 0 }],
      modelVersion: req.model,
    });
    sse.drop();
  },
};
