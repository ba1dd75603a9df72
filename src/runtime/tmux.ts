import { chunkUtf8 } from './chunk.js';
import type { Exec } from './exec.js';
import {
  checked,
  positiveInt,
  SIZE,
  SOCKET_NAME,
  TARGET,
  type CaptureOptions,
  type NewSessionOptions,
  type NewWindowOptions,
  type OptionScope,
  type RunContext,
  SEND_CHUNK_BYTES,
  type PaneCommandOptions,
  type SplitWindowOptions,
  type TmuxOptions,
  type TmuxServerRef,
} from './tmux-options.js';
import {
  assertOptionName,
  commandArgs,
  envArgs,
  escapeArg,
  escapeFormat,
  paneTarget,
  sessionTarget,
} from './tmux-args.js';
import {
  DUPLICATE,
  NOT_FOUND,
  SERVER_DOWN,
  SessionExistsError,
  SessionNotFoundError,
  TmuxCommandError,
  TmuxMissingError,
  TmuxServerDownError,
} from './tmux-errors.js';
import { exitUnknown, parseSessionList, SESSION_FORMAT, type SessionInfo } from './tmux-list.js';
import { CLIENT_FORMAT, parseClientList, type ClientInfo } from './tmux-clients.js';

export * from './tmux-errors.js';
export type { SessionInfo } from './tmux-list.js';
export type { ClientInfo } from './tmux-clients.js';
export type * from './tmux-options.js';
export { SEND_CHUNK_BYTES } from './tmux-options.js';

/**
 * Known tmux 3.3a behaviour (Linux): output written within milliseconds of a
 * command's exit can be lost when the pty closes (a few % of instant exits);
 * see SessionInfo.exitStatus for the delayed-status quirk. The only code that runs tmux. Every call is an argv array through the
 * runner (no shell), with $TMUX removed so it works from inside another tmux.
 */
export class Tmux {
  readonly server: TmuxServerRef;
  private readonly bin: string;
  private readonly timeoutMs: number;
  private readonly runner: Exec;

  constructor(options: TmuxOptions) {
    this.server =
      'socket' in options
        ? { socket: checked('tmux socket name', options.socket, SOCKET_NAME) }
        : { socketPath: options.socketPath };
    this.runner = options.runner;
    this.bin = options.bin ?? 'tmux';
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Human-readable name of the server, for messages. */
  get socketLabel(): string {
    return 'socket' in this.server ? this.server.socket : this.server.socketPath;
  }

  // -u: in a POSIX locale (sshd on an outpost) tmux prints our formats' tab as `_` otherwise.
  private serverArgs(): string[] {
    return 'socket' in this.server ? ['-u', '-L', this.server.socket] : ['-u', '-S', this.server.socketPath];
  }

  private async run(args: string[], ctx: RunContext = {}): Promise<string> {
    const result = await this.runner.run(this.bin, [...this.serverArgs(), ...args], {
      env: { TMUX: undefined, TMUX_PANE: undefined },
      timeoutMs: this.timeoutMs,
    });
    if (result.code === 0 && !result.timedOut) return result.stdout;
    if (result.missing) throw new TmuxMissingError(this.bin, { cause: result });
    const stderr = result.stderr;
    if (result.timedOut) throw new TmuxCommandError(args, `timed out after ${this.timeoutMs} ms`, undefined);
    if (SERVER_DOWN.test(stderr)) throw new TmuxServerDownError(this.socketLabel, stderr.trim());
    if (ctx.session !== undefined && NOT_FOUND.test(stderr)) {
      throw new SessionNotFoundError(ctx.session, this.socketLabel);
    }
    if (ctx.session !== undefined && DUPLICATE.test(stderr)) {
      throw new SessionExistsError(ctx.session, this.socketLabel);
    }
    throw new TmuxCommandError(args, stderr, result.code);
  }

  /** `tmux -V`, e.g. "tmux 3.3a". */
  async version(): Promise<string> {
    const result = await this.runner.run(this.bin, ['-V'], { timeoutMs: this.timeoutMs });
    if (result.missing) throw new TmuxMissingError(this.bin, { cause: result });
    if (result.code !== 0) throw new TmuxCommandError(['-V'], result.stderr, result.code);
    return result.stdout.trim();
  }

  /** False when the session or the whole server is absent. */
  async hasSession(name: string): Promise<boolean> {
    try {
      await this.run(['has-session', '-t', sessionTarget(name)], { session: name });
      return true;
    } catch (err) {
      if (err instanceof SessionNotFoundError || err instanceof TmuxServerDownError) return false;
      throw err;
    }
  }

  /**
   * Start a detached session running `command` directly (no shell). The pane
   * is kept after the command exits (remain-on-exit) so a crash shows as a
   * dead pane with its exit status instead of a vanished session. The option
   * is set in the same tmux invocation, before the server's event loop can
   * reap even an instantly-exiting command.
   */
  async newSession(opts: NewSessionOptions): Promise<void> {
    const size: string[] = [];
    if (opts.width !== undefined) size.push('-x', String(positiveInt('width', opts.width)));
    if (opts.height !== undefined) size.push('-y', String(positiveInt('height', opts.height)));
    const cwd = ['-c', escapeArg(escapeFormat(opts.cwd))];
    const cmd = [...envArgs(opts.env), ...commandArgs(opts.command)];
    const keep = [';', 'set-option', '-p', '-t', paneTarget(opts.name), 'remain-on-exit', 'on'];
    const args = ['new-session', '-d', '-s', opts.name, ...cwd, ...size, ...cmd, ...keep];
    await this.run(args, { session: opts.name });
  }

  async killSession(name: string): Promise<void> {
    await this.run(['kill-session', '-t', sessionTarget(name)], { session: name });
  }

  /** All sessions; [] when no server runs on the socket (no sessions). */
  async listSessions(): Promise<SessionInfo[]> {
    const list = async () => parseSessionList(await this.run(['list-sessions', '-F', SESSION_FORMAT]));
    return this.unlessDown(async () => {
      const first = await list();
      if (!first.some(exitUnknown)) return first;
      // tmux 3.3a sometimes misses a child's exit (SIGCHLD) until another child of
      // the server exits: a pane reads dead with no status. Run a no-op child so
      // the server reaps, then read again.
      await this.run(['run-shell', 'true']).catch(() => undefined);
      return await list();
    }, []);
  }

  /** Attached clients and the pane each shows; [] when no server runs. */
  async listClients(): Promise<ClientInfo[]> {
    return this.unlessDown(
      async () => parseClientList(await this.run(['list-clients', '-F', CLIENT_FORMAT])),
      [],
    );
  }

  /** `read`, or `none` when no server runs on the socket. */
  private async unlessDown<T>(read: () => Promise<T>, none: T): Promise<T> {
    try {
      return await read();
    } catch (err) {
      if (err instanceof TmuxServerDownError) return none;
      throw err;
    }
  }

  /**
   * Text of the session's active pane, wrapped lines joined (-J), trailing
   * blank lines and trailing spaces removed. Not sanitized.
   */
  async capturePane(name: string, opts: CaptureOptions = {}): Promise<string> {
    const args = ['capture-pane', '-p', '-J', '-t', paneTarget(name)];
    if (opts.lines !== undefined) args.push('-S', String(-positiveInt('lines', opts.lines)));
    if (opts.escapes) args.push('-e');
    const out = await this.run(args, { session: name });
    const lines = out.split('\n').map((l) => l.trimEnd());
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return (opts.lines === undefined ? lines : lines.slice(-opts.lines)).join('\n');
  }

  /** Epoch seconds of the last output in the session's current window. */
  async paneActivity(name: string): Promise<number> {
    const out = await this.display(name, '#{window_activity}');
    return Number(out);
  }

  /** Cursor position in the active pane (0-based). */
  async paneCursor(name: string): Promise<{ x: number; y: number }> {
    const [x, y] = (await this.display(name, '#{cursor_x} #{cursor_y}')).split(' ');
    return { x: Number(x), y: Number(y) };
  }

  /** True when the active pane's command has exited (kept by remain-on-exit). */
  async paneDead(name: string): Promise<boolean> {
    return (await this.display(name, '#{pane_dead}')) === '1';
  }

  /** The active pane's process id, and whether it has exited (a dead pane's pid may be reused). */
  async paneProcess(name: string): Promise<{ pid: number; dead: boolean }> {
    const [pid, dead] = (await this.display(name, '#{pane_pid} #{pane_dead}')).split(' ');
    return { pid: Number(pid), dead: dead === '1' };
  }

  /** Size of the active pane in cells. */
  async paneSize(name: string): Promise<{ width: number; height: number }> {
    const [width, height] = (await this.display(name, '#{pane_width} #{pane_height}')).split(' ');
    return { width: Number(width), height: Number(height) };
  }

  private async display(name: string, format: string): Promise<string> {
    return (
      await this.run(['display-message', '-p', '-t', paneTarget(name), format], { session: name })
    ).trim();
  }

  /**
   * Type `text` into the pane exactly as given: `send-keys -l` (no key-name
   * lookup), in chunks of at most SEND_CHUNK_BYTES split on code points.
   */
  async sendLiteral(name: string, text: string, chunkBytes = SEND_CHUNK_BYTES): Promise<void> {
    const target = paneTarget(name);
    for (const chunk of chunkUtf8(text, chunkBytes)) {
      await this.run(['send-keys', '-t', target, '-l', '--', escapeArg(chunk)], { session: name });
    }
  }

  /** Named keys, e.g. ["Enter"], ["C-c"], ["Escape"]. */
  async sendKeys(name: string, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.run(['send-keys', '-t', paneTarget(name), '--', ...keys.map(escapeArg)], { session: name });
  }

  async sendEnter(name: string): Promise<void> {
    await this.sendKeys(name, ['Enter']);
  }

  /** Stop the server and every session in it. False if none was running. */
  async killServer(): Promise<boolean> {
    return this.unlessDown(async () => (await this.run(['kill-server']), true), false);
  }

  /**
   * Set an option. `session` null sets the global value (-g) of the scope;
   * otherwise it applies to that session (its current window/active pane for
   * the 'window'/'pane' scopes).
   */
  async setOption(
    session: string | null,
    option: string,
    value: string,
    scope: OptionScope = 'session',
  ): Promise<void> {
    assertOptionName(option);
    const flag = { server: ['-s'], session: [], window: ['-w'], pane: ['-p'] }[scope];
    const where = session === null ? (scope === 'server' ? [] : ['-g']) : ['-t', paneTarget(session)];
    const ctx = session === null ? {} : { session };
    await this.run(['set-option', ...flag, ...where, '--', option, escapeArg(value)], ctx);
  }

  /** Split a pane on this server; returns the new pane id ("%N"). */
  async splitWindow(opts: SplitWindowOptions): Promise<string> {
    const args = ['split-window', opts.direction === 'horizontal' ? '-h' : '-v'];
    if (opts.size !== undefined) args.push('-l', checked('size', opts.size, SIZE));
    return this.spawnPane(args, opts);
  }

  /** Open a window on this server; returns the new pane id ("%N"). */
  async newWindow(opts: NewWindowOptions): Promise<string> {
    const args = ['new-window'];
    if (opts.name !== undefined) args.push('-n', escapeArg(escapeFormat(opts.name)));
    return this.spawnPane(args, opts);
  }

  private async spawnPane(args: string[], opts: PaneCommandOptions): Promise<string> {
    if (opts.target !== undefined) args.push('-t', checked('target', opts.target, TARGET));
    if (opts.detached) args.push('-d');
    if (opts.cwd !== undefined) args.push('-c', escapeArg(escapeFormat(opts.cwd)));
    args.push('-P', '-F', '#{pane_id}', ...envArgs(opts.env), ...commandArgs(opts.command));
    return (await this.run(args)).trim();
  }
}
