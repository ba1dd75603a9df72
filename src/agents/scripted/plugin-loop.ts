import { execFileSync } from 'node:child_process';
import { sanitizeLine } from '../../core/sanitize.js';
import { log, setStatus, showPrompt } from './screen.js';

/**
 * The scripted agent as a plugin (behaviour `plugin`): it reads its mail
 * like a real agent would, with the `overseer` CLI on its PATH, and answers
 * each request with the verdict in $OVERSEER_SCRIPTED_VERDICT (proceed,
 * hold, escalate, or none: read it and never answer). A line typed into it
 * that starts with a verdict answers the latest request again (a hold
 * released by "proceed"); any other line makes it check its mail.
 */
export type Log = (text: string, colour?: string) => void;

type Mail = { id: string; title: string; labels: string[] };

const VERDICT = /^\s*(proceed|hold|escalate)\b\s*(.*)$/i;

export class ScriptedPlugin {
  private last?: string;
  private busy = false;
  readonly answered: string[] = [];

  constructor(
    readonly address: string,
    readonly verdict: string,
    readonly log: Log,
  ) {}

  private overseer(args: string[]): string {
    return execFileSync('overseer', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  checkMail(): void {
    if (this.busy) return;
    this.busy = true;
    try {
      const unread = JSON.parse(
        this.overseer(['mail', 'inbox', this.address, '--unread', '--json']),
      ) as Mail[];
      for (const m of unread.filter((x) => x.labels.includes('plugin-request')).reverse()) {
        this.log(`● Bash(overseer mail read ${m.id})`);
        const body = this.overseer(['mail', 'read', m.id]);
        this.log(`  ⎿ ${sanitizeLine(m.title, 100)} (${body.split('\n').length} lines)`);
        this.last = m.id;
        if (/^none$/i.test(this.verdict)) {
          this.log('● Not answering this one.');
          continue;
        }
        this.answer(m.id, this.verdict.toLowerCase(), `scripted plugin says ${this.verdict.toLowerCase()}`);
      }
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      this.log(`  ⎿ ${sanitizeLine(err.stderr || err.message, 200)}`);
    } finally {
      this.busy = false;
    }
  }

  onInput(line: string): void {
    const m = VERDICT.exec(line);
    if (m && this.last) this.answer(this.last, m[1]!.toLowerCase(), m[2]!.trim() || 'told so');
    else this.checkMail();
  }

  private answer(id: string, verdict: string, text: string): void {
    this.log(`● Bash(overseer plugin answer ${id} ${verdict})`);
    try {
      this.overseer(['plugin', 'answer', id, verdict, '--text', text]);
      this.answered.push(`${id}:${verdict}`);
      this.log(`  ⎿ ${verdict} sent`);
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      this.log(`  ⎿ ${sanitizeLine(err.stderr || err.message, 200)}`);
    }
  }
}

/** Behaviour `plugin`: answer request mail; check again on every input line and every 1.5 s. */
export async function pluginMain(nextLine: () => Promise<string>): Promise<never> {
  const address = `${process.env.OVERSEER_RIG ?? '?'}/plugins/${process.env.OVERSEER_PLUGIN ?? '?'}`;
  const plugin = new ScriptedPlugin(address, process.env.OVERSEER_SCRIPTED_VERDICT ?? 'proceed', log);
  log(`● Plugin ${address}: answering with ${plugin.verdict}`);
  setStatus(undefined);
  plugin.checkMail();
  setInterval(() => plugin.checkMail(), 1500);
  for (;;) {
    showPrompt();
    plugin.onInput(await nextLine());
  }
}
