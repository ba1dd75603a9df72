import type { EventEmitter } from 'node:events';

/** The operator's terminal: process.stdin/stdout, or fakes in tests. */
export interface TerminalIO {
  stdin: NodeJS.ReadableStream & {
    isTTY?: boolean;
    isRaw?: boolean;
    setRawMode?: (raw: boolean) => unknown;
    readableFlowing?: boolean | null;
  };
  /** Emits 'resize' on SIGWINCH (as a tty.WriteStream does). */
  stdout: NodeJS.WritableStream & EventEmitter & { columns?: number; rows?: number };
}

/**
 * What a tmux client normally sends on detach: leave the alternate screen,
 * reset the scroll region, show the cursor, turn off mouse reporting, focus
 * events and bracketed paste. On Linux the client's last bytes can be lost
 * when the pty closes right after them, so we send this ourselves.
 */
export const TERMINAL_RESTORE =
  '\x1b[?1049l\x1b[r\x1b[?25h\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1004l\x1b[?2004l\x1b[0m';

export interface PtyExit {
  exitCode: number;
  signal: number | undefined;
}

export interface PtySpawn {
  file: string;
  args: string[];
  env: Record<string, string>;
  term: string;
  cwd?: string;
}

/**
 * Run `spec` in a pty that takes over the terminal: raw stdin → pty,
 * pty → stdout, terminal resizes forwarded. Resolves when the child exits;
 * the terminal's previous raw mode and flow state are restored and
 * TERMINAL_RESTORE is written.
 */
export async function runInPty(spec: PtySpawn, io: TerminalIO): Promise<PtyExit> {
  // node-pty (a native module) is loaded on first use: the cockpit and the CLI start without it.
  const pty = await import('node-pty');
  const { stdin, stdout } = io;
  const size = () => ({ cols: stdout.columns || 80, rows: stdout.rows || 24 });
  const child = pty.spawn(spec.file, spec.args, {
    name: spec.term,
    ...size(),
    cwd: spec.cwd ?? process.cwd(),
    env: spec.env,
  });

  const wasRaw = stdin.isRaw === true;
  const wasFlowing = stdin.readableFlowing === true;
  if (stdin.isTTY && stdin.setRawMode) stdin.setRawMode(true);

  const onInput = (data: Buffer | string) => child.write(data);
  const onResize = () => {
    const { cols, rows } = size();
    child.resize(cols, rows);
  };
  stdin.on('data', onInput);
  stdin.resume();
  stdout.on('resize', onResize);
  const output = child.onData((data) => stdout.write(data));

  return new Promise((resolve) => {
    child.onExit(({ exitCode, signal }) => {
      output.dispose();
      stdin.removeListener('data', onInput);
      stdout.removeListener('resize', onResize);
      if (stdin.isTTY && stdin.setRawMode) stdin.setRawMode(wasRaw);
      if (!wasFlowing) stdin.pause();
      stdout.write(TERMINAL_RESTORE);
      resolve({ exitCode, signal: signal || undefined });
    });
  });
}
