import type { EndResult, ProcStat } from './proc-tree.js';
import type { ProcessTable } from './runner.js';
import { SessionNotFoundError, TmuxServerDownError, type Tmux } from './tmux.js';

/**
 * Every agent is started with OVERSEER_AGENT_MARK set to a value naming its
 * polecat (town, session, birth). Children inherit it, also those that leave
 * the session's process group (setsid, a daemon the agent starts, a CLI that
 * re-executes itself): stopping an agent ends every process carrying its
 * mark, plus the pane's process tree (for a child that cleared its
 * environment but stayed below the pane).
 */
export const AGENT_MARK_VAR = 'OVERSEER_AGENT_MARK';

/** An environment for a process that must outlive the agent that started it (the daemon). */
export function withoutAgentMark(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { [AGENT_MARK_VAR]: _mark, ...rest } = env;
  return rest;
}

export type AgentStopResult = EndResult & { hadSession: boolean };

/** The processes of one agent: those carrying its mark. */
export function agentProcesses(processes: ProcessTable, mark: string): Promise<ProcStat[]> {
  return processes.find({ env: { name: AGENT_MARK_VAR, value: mark } });
}

/**
 * End a session and its agent's whole process tree: note the pane's process
 * tree, kill the session (tmux hangs up the pane), then SIGTERM whatever of
 * that tree and of the mark still runs, and SIGKILL it after `graceMs`.
 * Works also when the session is already gone (escaped children remain).
 */
export async function endAgentSession(
  processes: ProcessTable,
  tmux: Tmux,
  session: string,
  mark: string | undefined,
  opts: { graceMs?: number } = {},
): Promise<AgentStopResult> {
  let hadSession = false;
  let tree: ProcStat[] = [];
  try {
    const pane = await tmux.paneProcess(session);
    hadSession = true;
    // A dead pane's pid was reaped by tmux and may belong to another process by now.
    if (!pane.dead && pane.pid > 1) tree = await processes.find({ treeOf: pane.pid });
    await tmux.killSession(session);
  } catch (e) {
    if (!(e instanceof SessionNotFoundError || e instanceof TmuxServerDownError)) throw e;
  }
  const marked = mark ? await agentProcesses(processes, mark) : [];
  const r = await processes.end([...tree, ...marked], opts);
  return { hadSession, ...r };
}
