/**
 * An agent's call from an outpost (`overseer done`, `signal`, `mail send`,
 * …): written to the outpost's spool first, then sent to the town's gateway
 * over the SSH connection; while the link is down it waits in the spool and
 * the daemon collects it on its next good round trip. The id makes delivery
 * idempotent: the town keeps a ledger of the ids it has run and answers a
 * repeated id with the recorded outcome, never running it twice.
 */
export type AgentCall = {
  v: 1;
  /** Time-ordered and unique: `<epoch ms>-<random>`. */
  id: string;
  rig: string;
  polecat: string;
  /** The polecat's call token (given at spawn): it may act only as itself. */
  token: string;
  /** The overseer command line, e.g. ["done"], ["signal", "working", "--event", "Stop"]. */
  argv: string[];
  /** What the agent piped in (a hook's JSON for `signal --stdin`), at most CALL_STDIN_MAX bytes. */
  stdin?: string;
  at: string;
};

export type CallOutcome = { id: string; code: number; stdout: string; stderr: string };

export const CALL_STDIN_MAX = 64 * 1024;
export const CALL_ID = /^\d{13}-[a-f0-9]{8}$/;

export function newCallId(now = Date.now(), rand = Math.random): string {
  const hex = Math.floor(rand() * 0x100000000)
    .toString(16)
    .padStart(8, '0');
  return `${String(now).padStart(13, '0')}-${hex}`;
}
