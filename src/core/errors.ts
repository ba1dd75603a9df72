/**
 * The one error type that operations throw for problems the operator can fix:
 * bad input, a broken file, a refused action. The CLI prints `message` and exits
 * non-zero; the cockpit shows it. Anything else is a bug and keeps its stack.
 */
export class OverseerError extends Error {
  readonly code: string;
  readonly exitCode: number;
  readonly hint?: string;

  constructor(
    code: string,
    message: string,
    opts: { exitCode?: number; hint?: string; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'OverseerError';
    this.code = code;
    this.exitCode = opts.exitCode ?? 1;
    this.hint = opts.hint;
  }
}

export function isOverseerError(e: unknown): e is OverseerError {
  return e instanceof OverseerError;
}

/** Message of any thrown value, for logs and badges. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
