import { desktopNotify } from '../../runtime/desktop-notify.js';
import { postWithRetries } from '../../runtime/http-post.js';
import type { Runner } from '../../runtime/runner.js';
import { sanitizeLine } from '../../core/sanitize.js';
import type { Tmux } from '../../runtime/tmux.js';
import type { ResolvedChannel } from './config.js';
import { type NotifyEvent, oscNotification, tmuxPassthrough, webhookRequest } from './format.js';

export type SendOutcome = { channel: string; type: ResolvedChannel['type']; ok: boolean; detail: string };

export type SendContext = {
  /** Runs the command channel and notify-send. */
  runner: Runner;
  /** tmux servers named by a desktop channel ("town" or a socket name). */
  tmux: (name: string) => Tmux;
  /** The command channel's working directory (the town). */
  cwd?: string;
  /** Rings the bell where one can be rung (`notify test` in a terminal); the daemon has none. */
  bell?: () => string | undefined;
};

/** Deliver one event on one channel. Never throws: the outcome says what happened. */
export async function sendOn(ch: ResolvedChannel, e: NotifyEvent, cx: SendContext): Promise<SendOutcome> {
  const out = (ok: boolean, detail: string): SendOutcome => ({ channel: ch.name, type: ch.type, ok, detail });
  try {
    switch (ch.type) {
      case 'bell': {
        const rang = cx.bell?.();
        return rang ? out(true, rang) : out(false, 'no terminal here: the cockpit rings the bell');
      }
      case 'desktop': {
        const r = await desktopNotify({
          method: ch.method,
          servers: ch.tmux.map((n) => cx.tmux(n)),
          passthrough: {
            osc9: tmuxPassthrough(oscNotification('osc9', e)),
            osc777: tmuxPassthrough(oscNotification('osc777', e)),
          },
          title: `${e.town}: ${e.title}`,
          body: e.reason,
          exec: cx.runner,
        });
        return out(r.ok, r.detail);
      }
      case 'webhook': {
        const req = webhookRequest(ch.template, e);
        const r = await postWithRetries(ch.url, {
          headers: { ...req.headers, ...ch.headers, 'user-agent': 'overseer-notify' },
          body: req.body,
          timeoutMs: ch.timeout,
          retries: ch.retries,
        });
        return out(r.ok, `${r.detail}${r.attempts > 1 ? ` after ${r.attempts} tries` : ''}`);
      }
      case 'command': {
        let detail = '';
        const [bin, ...args] = ch.command;
        for (let attempt = 1; attempt <= ch.retries + 1; attempt++) {
          // An argv array (never a shell): the event's text cannot become a command.
          const r = await cx.runner.run(bin!, args, {
            input: JSON.stringify(e) + '\n',
            timeoutMs: ch.timeout,
            ...(cx.cwd ? { cwd: cx.cwd } : {}),
          });
          if (r.code === 0 && !r.timedOut)
            return out(true, attempt > 1 ? `exit 0 after ${attempt} tries` : 'exit 0');
          detail = r.missing
            ? `${bin}: not found`
            : r.timedOut
              ? `timed out after ${ch.timeout} ms`
              : `exit ${r.code}${r.stderr.trim() ? `: ${sanitizeLine(r.stderr.trim().split('\n').slice(-3).join(' '), 200)}` : ''}`;
          if (r.missing) break;
        }
        return out(false, detail);
      }
    }
  } catch (err) {
    return out(false, err instanceof Error ? err.message : String(err));
  }
}
