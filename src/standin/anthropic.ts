import { resolve } from 'node:path';
import type { ServerResponse } from 'node:http';
import { allStrings } from './walk.js';
import { chunks, randomId, Sse, type Protocol } from './protocol.js';

/**
 * Anthropic Messages (`POST /v1/messages`), as Claude Code calls it: a
 * streamed message of text and `tool_use` blocks, its usage in
 * `message_start` and `message_delta`, errors as `{type:"error",error:{type,message}}`.
 */

type Body = {
  model?: string;
  stream?: boolean;
  system?: unknown;
  messages?: unknown[];
  tools?: { name?: string }[];
  output_config?: { format?: { schema?: unknown } };
};

function usageOf(c: { prompt_tokens: number; cached_tokens: number; output_tokens: number }) {
  return {
    input_tokens: c.prompt_tokens - c.cached_tokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: c.cached_tokens,
    output_tokens: c.output_tokens,
    service_tier: 'standard',
  };
}

const ERRORS = {
  rate_limit: {
    status: 429,
    type: 'rate_limit_error',
    message:
      'This request would exceed the rate limit for your organization of 50,000 input tokens per minute. Please try again later.',
  },
  quota: {
    status: 429,
    type: 'rate_limit_error',
    message:
      'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.',
  },
  overloaded: { status: 529, type: 'overloaded_error', message: 'Overloaded' },
  server: { status: 500, type: 'api_error', message: 'Internal server error' },
  auth: { status: 401, type: 'authentication_error', message: 'invalid x-api-key' },
} as const;

export const anthropic: Protocol = {
  vendor: 'anthropic',

  parse(_path, raw) {
    const b = raw as Body;
    const tools = new Set((b.tools ?? []).map((t) => String(t.name)));
    return {
      vendor: 'anthropic',
      model: b.model ?? 'claude',
      stream: b.stream === true,
      agent: tools.has('Bash'),
      historyLength: b.messages?.length ?? 0,
      text: allStrings(b.messages).join('\n'),
      promptText: JSON.stringify([b.system, b.tools, b.messages]),
      jsonSchema: b.output_config?.format?.schema,
      tools,
    };
  },

  content(step, _req, fill) {
    const id = randomId('toolu_01', 11);
    const abs = (p: string) => resolve(fill.worktree ?? '/', p);
    switch (step.do) {
      case 'text':
        return { text: step.text };
      case 'write':
        return {
          text: step.say,
          call: { id, name: 'Write', args: { file_path: abs(step.path), content: step.content } },
        };
      case 'edit':
        return {
          text: step.say,
          call: {
            id,
            name: 'Edit',
            args: { file_path: abs(step.path), old_string: step.old, new_string: step.new },
          },
        };
      case 'shell':
        return {
          text: step.say,
          call: { id, name: 'Bash', args: { command: step.command, description: describe(step.command) } },
        };
    }
  },

  async send(res, req, c, counts, pace) {
    const usage = usageOf(counts);
    const id = randomId('msg_01', 11);
    const stop_reason = c.call ? 'tool_use' : 'end_turn';
    const text = c.text;
    if (!req.stream) {
      const content: unknown[] = [];
      if (text) content.push({ type: 'text', text });
      if (c.call) content.push({ type: 'tool_use', id: c.call.id, name: c.call.name, input: c.call.args });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id,
          type: 'message',
          role: 'assistant',
          model: req.model,
          content,
          stop_reason,
          stop_sequence: null,
          usage,
        }),
      );
      return usage;
    }
    const sse = new Sse(res, pace);
    await sse.send(
      {
        type: 'message_start',
        message: {
          id,
          type: 'message',
          role: 'assistant',
          model: req.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { ...usage, output_tokens: 1 },
        },
      },
      'message_start',
    );
    let index = 0;
    if (text) {
      await sse.send(
        { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
        'content_block_start',
      );
      await sse.send({ type: 'ping' }, 'ping');
      for (const piece of chunks(text)) {
        await sse.send(
          { type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } },
          'content_block_delta',
          true,
        );
      }
      await sse.send({ type: 'content_block_stop', index }, 'content_block_stop');
      index++;
    }
    if (c.call) {
      await sse.send(
        {
          type: 'content_block_start',
          index,
          content_block: { type: 'tool_use', id: c.call.id, name: c.call.name, input: {} },
        },
        'content_block_start',
      );
      for (const piece of chunks(JSON.stringify(c.call.args), 64)) {
        await sse.send(
          { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } },
          'content_block_delta',
          true,
        );
      }
      await sse.send({ type: 'content_block_stop', index }, 'content_block_stop');
    }
    await sse.send(
      { type: 'message_delta', delta: { stop_reason, stop_sequence: null }, usage },
      'message_delta',
    );
    await sse.send({ type: 'message_stop' }, 'message_stop');
    sse.end();
    return usage;
  },

  error(kind) {
    const e = ERRORS[kind];
    return {
      status: e.status,
      body: {
        type: 'error',
        error: { type: e.type, message: e.message },
        request_id: randomId('req_011', 12),
      },
      headers: kind === 'rate_limit' ? { 'retry-after': '1' } : undefined,
    };
  },

  async broken(res: ServerResponse, req, how) {
    const sse = new Sse(res, { chunkMs: 0 });
    const id = randomId('msg_01', 11);
    await sse.send(
      {
        type: 'message_start',
        message: {
          id,
          type: 'message',
          role: 'assistant',
          model: req.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 1, output_tokens: 1 },
        },
      },
      'message_start',
    );
    if (how === 'hang') return;
    await sse.send(
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      'content_block_start',
    );
    await sse.send(
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Let me ' } },
      'content_block_delta',
    );
    sse.drop();
  },
};

/** What Claude Code shows under a Bash call: the command's first words. */
function describe(command: string): string {
  if (/overseer done/.test(command)) return 'Hand the branch to the merge queue';
  if (/git commit/.test(command)) return 'Commit the change';
  return `Run ${command.split(/\s+/).slice(0, 3).join(' ')}`;
}
