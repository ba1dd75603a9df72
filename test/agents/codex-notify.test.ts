import { describe, expect, it } from 'vitest';
import { codexNotifyState } from '../../src/agents/integrations/codex.js';

describe("Codex's notify payloads", () => {
  it.each([
    [
      '{"type":"agent-turn-complete","turn-id":"1","last-assistant-message":"Done."}',
      { state: 'idle', event: 'agent-turn-complete' },
    ],
    [
      '{"type":"approval-requested"}',
      { state: 'waiting', event: 'approval-requested', message: 'Codex asks for approval' },
    ],
    [
      '{"type":"async-question"}',
      { state: 'waiting', event: 'async-question', message: 'Codex asks a question' },
    ],
    ['{"type":"something-new"}', undefined],
    ['not json', undefined],
  ])('%s', (payload, expected) => {
    expect(codexNotifyState(payload)).toEqual(expected);
  });
});
