import { sanitizeLine } from '../../core/sanitize.js';
import type { NotifyKind } from './config.js';
import type { NotifyItem } from './items.js';

/**
 * What goes over the wire, pure. The item's text is sanitized already
 * (items.ts); here each template escapes what its receiver would interpret:
 * Slack's <>& controls, Discord's mentions, ntfy's header encoding, OSC
 * separators and terminators.
 */
export type NotifyEvent = {
  version: 1;
  kind: NotifyKind | 'test';
  town: string;
  title: string;
  reason: string;
  rig?: string;
  subject: string;
  issue?: string;
  issue_title?: string;
  since: string;
  at: string;
  /** Set by `overseer notify test`. */
  test?: boolean;
};

export function notifyEvent(item: NotifyItem, town: string, now: number, test = false): NotifyEvent {
  return {
    version: 1,
    kind: test ? 'test' : item.kind,
    town: sanitizeLine(town, 80),
    title: item.title,
    reason: item.reason,
    ...(item.rig ? { rig: item.rig } : {}),
    subject: item.subject,
    ...(item.issue ? { issue: item.issue } : {}),
    ...(item.issue_title ? { issue_title: item.issue_title } : {}),
    since: item.since,
    at: new Date(now).toISOString(),
    ...(test ? { test: true } : {}),
  };
}

export type HttpRequest = { headers: Record<string, string>; body: string };

const URGENT: ReadonlySet<NotifyEvent['kind']> = new Set(['waiting', 'dead', 'exhausted', 'daemon-died']);

export function webhookRequest(template: 'json' | 'ntfy' | 'slack' | 'discord', e: NotifyEvent): HttpRequest {
  const head = `[${e.town}] ${e.title}`;
  switch (template) {
    case 'json':
      return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(e) };
    case 'ntfy':
      return {
        headers: {
          'content-type': 'text/plain; charset=utf-8',
          'x-title': headerValue(head),
          'x-priority': URGENT.has(e.kind) ? '4' : '3',
          'x-tags': e.test ? 'test_tube' : 'warning',
        },
        body: e.reason,
      };
    case 'slack':
      return {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: `*${slackEscape(head)}*\n${slackEscape(e.reason)}` }),
      };
    case 'discord':
      return {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          content: cut(`**${head}**\n${e.reason}`, 2000),
          allowed_mentions: { parse: [] },
        }),
      };
  }
}

/** Slack reads <...> as links and mentions (<!channel>); &, < and > must be escaped. */
function slackEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** HTTP header values are bytes: non-ASCII text goes RFC 2047-encoded (ntfy decodes it). */
export function headerValue(s: string): string {
  const line = sanitizeLine(s, 250);
  if (/^[\x20-\x7e]*$/.test(line)) return line;
  return `=?UTF-8?B?${Buffer.from(line, 'utf8').toString('base64')}?=`;
}

function cut(s: string, max: number): string {
  const points = Array.from(s);
  return points.length <= max ? s : points.slice(0, max - 1).join('') + '…';
}

/** The desktop notification as an OSC sequence (9: iTerm2, WezTerm, Windows Terminal…; 777: foot, urxvt, Ghostty…). */
export function oscNotification(kind: 'osc9' | 'osc777', e: NotifyEvent): string {
  // sanitizeLine already removed ESC and BEL; ';' would split OSC 777's fields.
  const title = sanitizeLine(`${e.town}: ${e.title}`, 200);
  const body = sanitizeLine(e.reason, 300);
  if (kind === 'osc9') return `\x1b]9;${title} — ${body}\x07`;
  return `\x1b]777;notify;${title.replace(/;/g, ',')};${body.replace(/;/g, ',')}\x07`;
}

/** Wrap a sequence for tmux's passthrough (needs `allow-passthrough on`): DCS tmux; with ESC doubled. */
export function tmuxPassthrough(seq: string): string {
  return `\x1bPtmux;${seq.replace(/\x1b/g, '\x1b\x1b')}\x1b\\`;
}
