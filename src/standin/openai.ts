import type { ServerResponse } from 'node:http';
import { allStrings } from './walk.js';
import { OPENAI_ERRORS as ERRORS } from './openai-errors.js';
import { chunks, randomId, Sse, type Content, type Protocol } from './protocol.js';

/**
 * OpenAI Responses (`POST /v1/responses`), as Codex calls it: streamed
 * `response.*` events with message and `function_call` output items, usage
 * in `response.completed`. Codex edits files with `apply_patch`, which it
 * runs itself when the command is `apply_patch` with the patch as argument.
 */

type Tool = { type?: string; name?: string; tools?: Tool[] };
type Body = {
  model?: string;
  stream?: boolean;
  instructions?: string;
  input?: unknown[];
  tools?: Tool[];
  text?: { format?: { schema?: unknown } };
};

const toolNames = (tools: Tool[] = []): string[] =>
  tools.flatMap((t) => (t.tools ? toolNames(t.tools) : t.name ? [t.name] : []));

function patch(kind: 'Add' | 'Update', path: string, body: string[]): string {
  return ['*** Begin Patch', `*** ${kind} File: ${path}`, ...body, '*** End Patch'].join('\n') + '\n';
}
const lines = (s: string) => s.replace(/\n$/, '').split('\n');

export const openai: Protocol = {
  vendor: 'openai',

  parse(_path, raw) {
    const b = raw as Body;
    const tools = new Set(toolNames(b.tools));
    return {
      vendor: 'openai',
      model: b.model ?? 'gpt-5',
      stream: b.stream === true,
      agent: tools.has('exec_command') || tools.has('shell'),
      historyLength: b.input?.length ?? 0,
      text: allStrings(b.input).join('\n'),
      promptText: JSON.stringify([b.instructions, b.tools, b.input]),
      jsonSchema: b.text?.format?.schema,
      tools,
    };
  },

  content(step, req) {
    const id = randomId('call_', 12);
    const run = (cmd: string, extra: Record<string, unknown> = {}) =>
      req.tools.has('exec_command')
        ? { id, name: 'exec_command', args: { cmd, ...extra } }
        : { id, name: 'shell', args: { command: ['bash', '-lc', cmd], ...extra } };
    switch (step.do) {
      case 'text':
        return { text: step.text };
      case 'write': {
        const p = patch(
          'Add',
          step.path,
          lines(step.content).map((l) => '+' + l),
        );
        return { text: step.say, call: applyPatch(req.tools, id, p) ?? run(heredoc(p)) };
      }
      case 'edit': {
        const p = patch('Update', step.path, [
          '@@',
          ...lines(step.old).map((l) => '-' + l),
          ...lines(step.new).map((l) => '+' + l),
        ]);
        return { text: step.say, call: applyPatch(req.tools, id, p) ?? run(heredoc(p)) };
      }
      case 'shell': {
        const extra = step.escalate
          ? {
              sandbox_permissions: 'require_escalated',
              justification: `Run ${step.command.split(' ')[0]} outside the sandbox`,
            }
          : {};
        return { text: step.say, call: run(step.command, extra) };
      }
    }
  },

  async send(res, req, c, counts, pace) {
    const usage = {
      input_tokens: counts.prompt_tokens,
      input_tokens_details: { cached_tokens: counts.cached_tokens },
      output_tokens: counts.output_tokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: counts.prompt_tokens + counts.output_tokens,
    };
    const id = randomId('resp_', 16);
    const created_at = Math.floor(Date.now() / 1000);
    const items = outputItems(c);
    const response = (status: string, output: unknown[], u?: unknown) => ({
      id,
      object: 'response',
      created_at,
      status,
      model: req.model,
      output,
      ...(u ? { usage: u } : {}),
    });
    if (!req.stream) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          response(
            'completed',
            items.map((i) => i.done),
            usage,
          ),
        ),
      );
      return usage;
    }
    const sse = new Sse(res, pace);
    let seq = 0;
    const send = (type: string, data: Record<string, unknown>, paced = false) =>
      sse.send({ type, sequence_number: seq++, ...data }, type, paced);
    await send('response.created', { response: response('in_progress', []) });
    await send('response.in_progress', { response: response('in_progress', []) });
    for (const [output_index, item] of items.entries()) {
      await send('response.output_item.added', { output_index, item: item.added });
      if (item.text !== undefined) {
        const part = { type: 'output_text', text: '', annotations: [] };
        const base = { item_id: item.id, output_index, content_index: 0 };
        await send('response.content_part.added', { ...base, part });
        for (const delta of chunks(item.text))
          await send('response.output_text.delta', { ...base, delta }, true);
        await send('response.output_text.done', { ...base, text: item.text });
        await send('response.content_part.done', { ...base, part: { ...part, text: item.text } });
      } else if (item.arguments !== undefined) {
        for (const delta of chunks(item.arguments, 64))
          await send(
            'response.function_call_arguments.delta',
            { item_id: item.id, output_index, delta },
            true,
          );
        await send('response.function_call_arguments.done', {
          item_id: item.id,
          output_index,
          arguments: item.arguments,
        });
      }
      await send('response.output_item.done', { output_index, item: item.done });
    }
    await send('response.completed', {
      response: response(
        'completed',
        items.map((i) => i.done),
        usage,
      ),
    });
    sse.end();
    return usage;
  },

  error(kind) {
    const e = ERRORS[kind];
    return {
      status: e.status,
      body: { error: e.error },
      headers: kind === 'rate_limit' ? { 'retry-after': '1' } : undefined,
    };
  },

  async broken(res: ServerResponse, req, how) {
    const sse = new Sse(res, { chunkMs: 0 });
    const id = randomId('resp_', 16);
    const response = {
      id,
      object: 'response',
      created_at: Math.floor(Date.now() / 1000),
      status: 'in_progress',
      model: req.model,
      output: [],
    };
    await sse.send({ type: 'response.created', sequence_number: 0, response }, 'response.created');
    if (how === 'hang') return;
    const item = {
      id: randomId('msg_', 16),
      type: 'message',
      status: 'in_progress',
      role: 'assistant',
      content: [],
    };
    await sse.send(
      { type: 'response.output_item.added', sequence_number: 1, output_index: 0, item },
      'response.output_item.added',
    );
    await sse.send(
      {
        type: 'response.output_text.delta',
        sequence_number: 2,
        item_id: item.id,
        output_index: 0,
        content_index: 0,
        delta: 'Let me ',
      },
      'response.output_text.delta',
    );
    sse.drop();
  },
};

/** The patch as Codex's prompt teaches it: `apply_patch` reading a heredoc, which Codex runs itself. */
const heredoc = (p: string) => `apply_patch <<'PATCH'\n${p}PATCH\n`;

/** Codex's own apply_patch tool, when it offers one (a function or a freeform tool). */
function applyPatch(tools: Set<string>, id: string, p: string) {
  return tools.has('apply_patch') ? { id, name: 'apply_patch', args: { input: p } } : undefined;
}

type Item = { id: string; added: unknown; done: unknown; text?: string; arguments?: string };

function outputItems(c: Content): Item[] {
  const out: Item[] = [];
  if (c.text) {
    const id = randomId('msg_', 16);
    const base = { id, type: 'message', role: 'assistant' };
    out.push({
      id,
      text: c.text,
      added: { ...base, status: 'in_progress', content: [] },
      done: {
        ...base,
        status: 'completed',
        content: [{ type: 'output_text', text: c.text, annotations: [] }],
      },
    });
  }
  if (c.call) {
    const id = randomId('fc_', 16);
    const args = JSON.stringify(c.call.args);
    const base = { id, type: 'function_call', call_id: c.call.id, name: c.call.name };
    out.push({
      id,
      arguments: args,
      added: { ...base, status: 'in_progress', arguments: '' },
      done: { ...base, status: 'completed', arguments: args },
    });
  }
  return out;
}
