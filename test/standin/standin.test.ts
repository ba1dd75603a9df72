import { afterEach, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/standin/server.js';

let s: Standin | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

const PROMPT =
  'You are polecat x. Your workspace is the git worktree\n/w/polecats/x on branch polecat/x.\n\nIssue: web-ab1\n';

type Event = { event?: string; data: Record<string, unknown> };
async function sse(res: Response): Promise<Event[]> {
  const text = await res.text();
  return text
    .split(/\r?\n\r?\n/)
    .filter((b) => b.trim())
    .map((block) => {
      const ev = /^event: (.*)$/m.exec(block)?.[1];
      const data = JSON.parse(/^data: (.*)$/m.exec(block)![1]!) as Record<string, unknown>;
      return { event: ev, data };
    });
}

const post = (path: string, body: unknown) =>
  fetch(`${s!.url}${path}`, { method: 'POST', body: JSON.stringify(body) });

const claude = (messages: unknown[], extra: object = {}) =>
  post('/v1/messages?beta=true', {
    model: 'claude-x',
    stream: true,
    system: [{ type: 'text', text: 'sys' }],
    tools: [{ name: 'Bash' }, { name: 'Write' }],
    messages,
    ...extra,
  });

describe('model stand-in', () => {
  it('plays a script over Anthropic Messages: tool_use blocks with absolute paths, then text; retries replay', async () => {
    s = await startStandin({ thinkMs: 0, chunkMs: 0 });
    s.setScript('web-ab1', {
      steps: [
        { do: 'write', path: 'a.txt', content: 'A\n', say: 'Writing.' },
        { do: 'shell', command: 'git add -A && git commit -m {issue}' },
        { do: 'text', text: 'Done with {issue}.' },
      ],
    });
    const first = await sse(await claude([{ role: 'user', content: PROMPT }]));
    expect(first[0]).toMatchObject({ event: 'message_start' });
    const tool = first.find((e) => (e.data.content_block as { type?: string })?.type === 'tool_use')!;
    expect(tool.data.content_block).toMatchObject({ name: 'Write' });
    const json = first
      .filter((e) => (e.data.delta as { type?: string })?.type === 'input_json_delta')
      .map((e) => (e.data.delta as { partial_json: string }).partial_json)
      .join('');
    expect(JSON.parse(json)).toEqual({ file_path: '/w/polecats/x/a.txt', content: 'A\n' });
    expect(first.find((e) => e.event === 'message_delta')!.data.delta).toMatchObject({
      stop_reason: 'tool_use',
    });
    // The same history again (a retry) gets the same step.
    const again = await sse(await claude([{ role: 'user', content: PROMPT }]));
    expect(again.some((e) => (e.data.content_block as { name?: string })?.name === 'Write')).toBe(true);
    const history = [
      { role: 'user', content: PROMPT },
      { role: 'assistant', content: [] },
      { role: 'user', content: [{ type: 'tool_result' }] },
    ];
    const second = await sse(await claude(history));
    const cmd = second
      .filter((e) => (e.data.delta as { type?: string })?.type === 'input_json_delta')
      .map((e) => (e.data.delta as { partial_json: string }).partial_json)
      .join('');
    expect(JSON.parse(cmd).command).toBe('git add -A && git commit -m web-ab1');
    const third = await sse(
      await claude([...history, { role: 'assistant', content: [] }, { role: 'user', content: 'ok' }]),
    );
    const text = third
      .filter((e) => (e.data.delta as { type?: string })?.type === 'text_delta')
      .map((e) => (e.data.delta as { text: string }).text)
      .join('');
    expect(text).toBe('Done with web-ab1.');
    expect(third.find((e) => e.event === 'message_delta')!.data.delta).toMatchObject({
      stop_reason: 'end_turn',
    });
    expect(s.engine.progress()).toEqual({ 'web-ab1/anthropic': { next: 3, steps: 3 } });
  });

  it('answers errors in each vendor shape, `times` times, then moves on', async () => {
    s = await startStandin({ thinkMs: 0, chunkMs: 0 });
    const script = {
      steps: [
        { do: 'error' as const, error: 'rate_limit' as const, times: 2 },
        { do: 'error' as const, error: 'overloaded' as const },
        { do: 'text' as const, text: 'ok' },
      ],
    };
    s.setScript('web-ab1', script);
    const statuses: number[] = [];
    const bodies: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await claude([{ role: 'user', content: PROMPT }]);
      statuses.push(r.status);
      bodies.push(r.status === 200 ? await sse(r) : await r.json());
    }
    expect(statuses).toEqual([429, 429, 529, 200]);
    expect(bodies[0]).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    expect(bodies[2]).toMatchObject({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });

    const codex = () =>
      post('/v1/responses', {
        model: 'gpt-x',
        stream: true,
        tools: [{ type: 'function', name: 'exec_command' }],
        input: [PROMPT],
      });
    const c429 = await codex();
    expect(c429.status).toBe(429);
    expect(await c429.json()).toMatchObject({ error: { code: 'rate_limit_exceeded' } });
    const gem = () =>
      post('/v1beta/models/gemini-x:streamGenerateContent?alt=sse', {
        contents: [{ role: 'user', parts: [{ text: PROMPT }] }],
        tools: [{ functionDeclarations: [{ name: 'run_shell_command' }] }],
      });
    const g429 = await gem();
    expect(g429.status).toBe(429);
    expect(await g429.json()).toMatchObject({ error: { code: 429, status: 'RESOURCE_EXHAUSTED' } });
    await gem();
    const g503 = await gem();
    expect(g503.status).toBe(503);
    expect(await g503.json()).toMatchObject({ error: { status: 'UNAVAILABLE' } });
    expect(s.usage('web-ab1')!.errors).toBe(3 + 2 + 3 - 1);
  });

  it('speaks OpenAI Responses (apply_patch for files, exec_command with escalation) and Gemini functionCall parts', async () => {
    s = await startStandin({ thinkMs: 0, chunkMs: 0 });
    s.setScript('web-ab1', {
      steps: [
        { do: 'write', path: 'a.txt', content: 'A\n' },
        { do: 'shell', command: 'touch x', escalate: true },
      ],
    });
    const tools = [{ type: 'function', name: 'exec_command' }];
    const events = await sse(
      await post('/v1/responses', { model: 'gpt-x', stream: true, tools, input: [PROMPT] }),
    );
    const done = events.find((e) => e.event === 'response.output_item.done')!.data.item as Record<
      string,
      string
    >;
    expect(done).toMatchObject({ type: 'function_call', name: 'exec_command' });
    expect(JSON.parse(done.arguments!).cmd).toBe(
      "apply_patch <<'PATCH'\n*** Begin Patch\n*** Add File: a.txt\n+A\n*** End Patch\nPATCH\n",
    );
    const completed = events.at(-1)!;
    expect(completed.event).toBe('response.completed');
    const second = await sse(
      await post('/v1/responses', { model: 'gpt-x', stream: true, tools, input: [PROMPT, {}, {}] }),
    );
    const call = second.find((e) => e.event === 'response.output_item.done')!.data.item as Record<
      string,
      string
    >;
    expect(JSON.parse(call.arguments!)).toMatchObject({
      cmd: 'touch x',
      sandbox_permissions: 'require_escalated',
    });

    const g = await sse(
      await post('/v1beta/models/gemini-x:streamGenerateContent?alt=sse', {
        contents: [{ role: 'user', parts: [{ text: PROMPT }] }],
        tools: [{ functionDeclarations: [{ name: 'run_shell_command' }, { name: 'write_file' }] }],
      }),
    );
    const last = g.at(-1)!.data as { candidates: { content: { parts: unknown[] }; finishReason: string }[] };
    expect(last.candidates[0]!.finishReason).toBe('STOP');
    expect(last.candidates[0]!.content.parts).toEqual([
      { functionCall: { name: 'write_file', args: { file_path: '/w/polecats/x/a.txt', content: 'A\n' } } },
    ]);
  });

  it('answers side requests (titles, routing) in the JSON their schema asks for, outside the script', async () => {
    s = await startStandin({ thinkMs: 0, chunkMs: 0 });
    const r = await post('/v1beta/models/flash:generateContent', {
      contents: [{ role: 'user', parts: [{ text: PROMPT }] }],
      generationConfig: {
        responseJsonSchema: {
          type: 'OBJECT',
          properties: { complexity_reasoning: { type: 'STRING' }, complexity_score: { type: 'INTEGER' } },
        },
      },
    });
    const body = (await r.json()) as { candidates: { content: { parts: { text: string }[] } }[] };
    expect(JSON.parse(body.candidates[0]!.content.parts[0]!.text)).toEqual({
      complexity_reasoning: 'Work on web-ab1',
      complexity_score: 1,
    });
    expect(s.engine.progress()).toEqual({});
    expect(s.usage('web-ab1')).toMatchObject({ requests: 1, aux: { requests: 1 }, agent: { requests: 0 } });
  });

  it('reports usage that adds up exactly, the previous prompt counted as cached', async () => {
    s = await startStandin({ thinkMs: 0, chunkMs: 0 });
    await sse(await claude([{ role: 'user', content: PROMPT }]));
    await sse(
      await claude([
        { role: 'user', content: PROMPT },
        { role: 'assistant', content: [] },
        { role: 'user', content: 'x' },
      ]),
    );
    const u = (await (await fetch(`${s.url}/_standin/usage/web-ab1`)).json()) as {
      prompt_tokens: number;
      cached_tokens: number;
      output_tokens: number;
      replies: {
        prompt_tokens: number;
        cached_tokens: number;
        output_tokens: number;
        usage: Record<string, number>;
      }[];
    };
    expect(u.replies).toHaveLength(2);
    const sum = (k: 'prompt_tokens' | 'cached_tokens' | 'output_tokens') =>
      u.replies.reduce((n, r) => n + r[k], 0);
    expect(u.prompt_tokens).toBe(sum('prompt_tokens'));
    expect(u.output_tokens).toBe(sum('output_tokens'));
    expect(u.replies[0]!.cached_tokens).toBe(0);
    expect(u.replies[1]!.cached_tokens).toBe(u.replies[0]!.prompt_tokens);
    // What the CLI was told, in Anthropic's fields: uncached input plus cache reads.
    const told = u.replies[1]!.usage;
    expect(told.input_tokens! + told.cache_read_input_tokens!).toBe(u.replies[1]!.prompt_tokens);
    expect(told.output_tokens).toBe(u.replies[1]!.output_tokens);
  });

  it('hangs a stream, or drops it mid-way', async () => {
    s = await startStandin({ thinkMs: 0, chunkMs: 0 });
    s.setScript('web-ab1', {
      steps: [
        { do: 'error', error: 'drop' },
        { do: 'error', error: 'hang' },
      ],
    });
    await expect(claude([{ role: 'user', content: PROMPT }]).then((r) => r.text())).rejects.toThrow();
    const ac = new AbortController();
    const res = await fetch(`${s.url}/v1/messages`, {
      method: 'POST',
      body: JSON.stringify({
        tools: [{ name: 'Bash' }],
        stream: true,
        messages: [{ role: 'user', content: PROMPT }],
      }),
      signal: ac.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const firstChunk = await reader.read();
    expect(new TextDecoder().decode(firstChunk.value)).toContain('message_start');
    const more = await Promise.race([
      reader.read().then(() => 'data'),
      new Promise((r) => setTimeout(() => r('silence'), 500)),
    ]);
    expect(more).toBe('silence');
    ac.abort();
  });
});
