import { appendFileSync } from 'node:fs';
import { type Key, parseKeys } from './keys.js';

/** What a line prompt got: a submitted line, or Esc. */
export type LineAnswer = { line: string } | { escape: true };

/**
 * The scripted agent's keyboard: raw mode with a small line editor (typed
 * text is echoed, Enter submits, Backspace erases, Ctrl-C exits as SIGINT
 * would), plus single-key reads for menus. Submitted lines are appended to
 * `receivedFile`; lines nobody waits for are queued.
 */
export class Input {
  private line = '';
  private lines: string[] = [];
  private lineWaiter?: (a: LineAnswer) => void;
  private keyWaiter?: (k: Key) => void;

  constructor(
    private readonly stdin: NodeJS.ReadStream,
    private readonly echo: (text: string) => void,
    private readonly receivedFile: string,
  ) {
    if (stdin.isTTY) stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.on('data', (d: string) => {
      for (const k of parseKeys(d)) this.onKey(k);
    });
  }

  /** The next submitted line (Esc answers `{ escape: true }`). */
  nextLine(): Promise<LineAnswer> {
    const queued = this.lines.shift();
    if (queued !== undefined) return Promise.resolve({ line: queued });
    return new Promise((r) => (this.lineWaiter = r));
  }

  /** The next key, not echoed (menus). */
  nextKey(): Promise<Key> {
    return new Promise((r) => (this.keyWaiter = r));
  }

  private onKey(k: Key): void {
    if (k.kind === 'ctrl-c') {
      if (this.stdin.isTTY) this.stdin.setRawMode(false);
      process.exit(130);
    }
    if (this.keyWaiter) {
      const w = this.keyWaiter;
      this.keyWaiter = undefined;
      w(k);
      return;
    }
    switch (k.kind) {
      case 'char':
        this.line += k.char;
        this.echo(k.char);
        return;
      case 'backspace':
        if (this.line === '') return;
        this.line = Array.from(this.line).slice(0, -1).join('');
        this.echo('\b \b');
        return;
      case 'enter': {
        const line = this.line;
        this.line = '';
        this.echo('\n');
        appendFileSync(this.receivedFile, line + '\n');
        if (this.lineWaiter) this.take()({ line });
        else this.lines.push(line);
        return;
      }
      case 'escape':
        if (this.lineWaiter) {
          this.line = '';
          this.take()({ escape: true });
        }
        return;
      default:
        return;
    }
  }

  private take(): (a: LineAnswer) => void {
    const w = this.lineWaiter!;
    this.lineWaiter = undefined;
    return w;
  }
}
