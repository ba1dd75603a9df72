import { describe, expect, it } from 'vitest';
import {
  headerValue,
  notifyEvent,
  oscNotification,
  tmuxPassthrough,
  webhookRequest,
} from '../../src/daemon/notify/format.js';
import { notifyItems } from '../../src/daemon/notify/items.js';
import type { Bead } from '../../src/town/schemas/bead.js';
import { issue, polecat } from '../support/decide-data.js';

const EVIL = 'Fix \x1b]0;pwned\x07header\x1b[2J <!channel> @everyone $(rm -rf ~); `id`';

function snapWith(title: string, reason: string) {
  const i = issue('web-1', { title });
  return {
    rigs: [
      {
        name: 'web',
        issues: new Map<string, Bead>([[i.id, i]]),
        polecats: [polecat('bob', { issue: 'web-1', state: 'waiting', state_reason: reason })],
      },
    ],
    townBeads: new Map<string, Bead>(),
  };
}

describe('notification items and payloads', () => {
  const [item] = notifyItems(
    snapWith(EVIL, 'asks:\x1b[31m Do you want to proceed?\x07\r\n(y/n)'),
    Date.now(),
  );
  const e = notifyEvent(item!, 'main\x1b[1m', Date.parse('2026-03-01T12:00:00Z'));

  it('strips control and escape sequences from every text field, keeping the words', () => {
    expect(item).toMatchObject({ key: 'waiting:web/bob', kind: 'waiting', issue: 'web-1' });
    for (const v of [e.title, e.reason, e.town, e.issue_title!])
      expect(v).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
    expect(e.title).toContain('Waiting for input: web/bob (web-1: Fix header');
    expect(e.title).toContain('$(rm -rf ~)');
    expect(e.reason).toBe('asks: Do you want to proceed? (y/n)');
    expect(e.town).toBe('main');
  });

  it('json: the event as it is', () => {
    const r = webhookRequest('json', e);
    expect(r.headers['content-type']).toBe('application/json');
    expect(JSON.parse(r.body)).toEqual(e);
  });

  it('slack: <, > and & escaped so <!channel> pings nobody', () => {
    const body = JSON.parse(webhookRequest('slack', e).body) as { text: string };
    expect(body.text).toContain('&lt;!channel&gt;');
    expect(body.text).not.toContain('<!channel>');
    expect(body.text).toContain('Do you want to proceed?');
  });

  it('discord: mentions disabled, content capped at 2000', () => {
    const body = JSON.parse(webhookRequest('discord', { ...e, reason: 'x'.repeat(5000) }).body) as {
      content: string;
      allowed_mentions: { parse: string[] };
    };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(Array.from(body.content).length).toBeLessThanOrEqual(2000);
  });

  it('ntfy: message as the body, title as an ASCII-safe header', () => {
    const r = webhookRequest('ntfy', { ...e, title: 'Grüße ☃' });
    expect(r.body).toBe(e.reason);
    expect(r.headers['x-title']).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
    expect(Buffer.from(r.headers['x-title']!.slice(10, -2), 'base64').toString()).toBe('[main] Grüße ☃');
    expect(r.headers['x-priority']).toBe('4');
    expect(headerValue('plain title')).toBe('plain title');
  });

  it('OSC 9 and 777 carry no terminator or escape inside, and 777 fields no separator', () => {
    const nine = oscNotification('osc9', { ...e, reason: 'a\x07b\x1b\\c;d' });
    expect(nine.startsWith('\x1b]9;')).toBe(true);
    expect(nine.endsWith('\x07')).toBe(true);
    expect(nine.slice(4, -1)).not.toMatch(/[\x00-\x1f]/);
    const seven = oscNotification('osc777', { ...e, title: 'a;b', reason: 'c;d' });
    expect(seven).toMatch(/^\x1b\]777;notify;[^;\x07]*;[^;\x07]*\x07$/);
  });

  it('tmux passthrough doubles every ESC inside the DCS', () => {
    expect(tmuxPassthrough('\x1b]9;hi\x07')).toBe('\x1bPtmux;\x1b\x1b]9;hi\x07\x1b\\');
  });

  it('an exhausted chain is its own kind', () => {
    const mail = {
      ...issue('hq-1', {
        issue_type: 'message',
        assignee: 'overseer',
        labels: ['escalation'],
        title: 'all tiers failed',
      }),
      escalation: { rig: 'web', issue: 'web-1', about: 'exhausted', reason: 'chain default exhausted' },
    } as Bead;
    const items = notifyItems({ rigs: [], townBeads: new Map([[mail.id, mail]]) }, Date.now());
    expect(items.map((i) => i.kind)).toEqual(['exhausted']);
  });
});
