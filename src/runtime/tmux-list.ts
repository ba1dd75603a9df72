/** One tmux session as seen by `list-sessions` (its active pane). */
export interface SessionInfo {
  name: string;
  /** Epoch seconds. */
  created: number;
  /** Epoch seconds of the last output in the session's current window. */
  activity: number;
  /** Number of clients attached. */
  attached: number;
  panePid: number | null;
  /** The command exited; the pane is kept (remain-on-exit) to show that. */
  paneDead: boolean;
  /**
   * Exit status of a dead pane's command, if it exited normally. null while
   * unknown: tmux reports paneDead when the pty closes, and fills the status
   * in when it reaps the child. tmux 3.3a occasionally misses a SIGCHLD in a
   * young server; the status then appears only after some other child of the
   * server exits. Treat paneDead as the crash signal, exitStatus as detail.
   */
  exitStatus: number | null;
  /** Signal that killed a dead pane's command, if any. */
  exitSignal: number | null;
}

// The name goes last so a separator inside it cannot shift the other fields.
const FIELDS = [
  'session_created',
  'window_activity',
  'session_attached',
  'pane_pid',
  'pane_dead',
  'pane_dead_status',
  'pane_dead_signal',
  'session_name',
] as const;

const SEP = '\t';

export const SESSION_FORMAT = FIELDS.map((f) => `#{${f}}`).join(SEP);

function intOrNull(text: string | undefined): number | null {
  if (text === undefined || text === '') return null;
  const n = Number(text);
  return Number.isInteger(n) ? n : null;
}

export function parseSessionLine(line: string): SessionInfo | null {
  const parts = line.split(SEP);
  if (parts.length < FIELDS.length) return null;
  const [created, activity, attached, pid, dead, status, signal] = parts;
  const name = parts.slice(FIELDS.length - 1).join(SEP);
  const paneDead = dead === '1';
  return {
    name,
    created: intOrNull(created) ?? 0,
    activity: intOrNull(activity) ?? 0,
    attached: intOrNull(attached) ?? 0,
    panePid: intOrNull(pid),
    paneDead,
    exitStatus: paneDead ? intOrNull(status) : null,
    exitSignal: paneDead ? intOrNull(signal) : null,
  };
}

export function parseSessionList(stdout: string): SessionInfo[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map(parseSessionLine)
    .filter((s): s is SessionInfo => s !== null);
}

/** A dead pane whose exit tmux has not reaped yet (no status, no signal). */
export function exitUnknown(s: SessionInfo): boolean {
  return s.paneDead && s.exitStatus === null && s.exitSignal === null;
}
