/** Base class of every failure the tmux adapter reports. */
export class TmuxError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export class TmuxMissingError extends TmuxError {
  constructor(bin: string, options?: { cause?: unknown }) {
    super(
      'TMUX_MISSING',
      `tmux was not found (tried "${bin}"). Install tmux 3.x (e.g. "apt install tmux" or "brew install tmux") and make sure it is on PATH.`,
      options,
    );
  }
}

export class TmuxServerDownError extends TmuxError {
  readonly socket: string;

  constructor(socket: string, detail: string) {
    super('TMUX_SERVER_DOWN', `no tmux server is running on socket "${socket}" (${detail})`);
    this.socket = socket;
  }
}

export class SessionNotFoundError extends TmuxError {
  readonly session: string;

  constructor(session: string, socket: string) {
    super('SESSION_NOT_FOUND', `tmux session "${session}" not found on socket "${socket}"`);
    this.session = session;
  }
}

export class SessionExistsError extends TmuxError {
  readonly session: string;

  constructor(session: string, socket: string) {
    super('SESSION_EXISTS', `tmux session "${session}" already exists on socket "${socket}"`);
    this.session = session;
  }
}

export class InvalidTmuxArgumentError extends TmuxError {
  constructor(what: string, value: string, rule: string) {
    super('INVALID_ARGUMENT', `invalid ${what} ${JSON.stringify(value)}: ${rule}`);
  }
}

/** Any other non-zero exit of tmux; carries the command and its stderr. */
export class TmuxCommandError extends TmuxError {
  readonly args: readonly string[];
  readonly stderr: string;
  readonly exitCode: number | undefined;

  constructor(args: readonly string[], stderr: string, exitCode: number | undefined) {
    super('TMUX_COMMAND_FAILED', `tmux ${args[0] ?? ''} failed (exit ${exitCode ?? '?'}): ${stderr.trim()}`);
    this.args = args;
    this.stderr = stderr;
    this.exitCode = exitCode;
  }
}

/** What tmux's stderr says, by kind. */
export const SERVER_DOWN = /no server running on|error connecting to|server exited unexpectedly|lost server/;
export const NOT_FOUND = /can't find (session|window|pane)/;
export const DUPLICATE = /duplicate session/;
