import { AGENT_MARK_VAR } from '../../runtime/agent-stop.js';
import type { ProbeAnswer } from '../../runtime/remote/probe.js';
import { UsageBook } from '../../runtime/proc-usage.js';
import type { PolecatState } from '../../town/schemas/polecat.js';
import type { OutpostStatus } from '../../town/schemas/outpost.js';
import type { Town } from '../../town/town.js';
import { polecatMark } from '../agent-session.js';

/**
 * CPU and memory of the polecats on an outpost, from the tick's one round
 * trip: the probe samples the process trees carrying their marks there, and
 * the town turns two successive samples into CPU % (a UsageBook per outpost,
 * kept by the daemon across ticks; a first or one-off sync shows 0% CPU).
 */
export function usageRequest(town: Town, polecats: PolecatState[]): { markVar: string; marks: string[] } {
  return { markVar: AGENT_MARK_VAR, marks: polecats.map((p) => polecatMark(town, p)) };
}

/** The status file's `polecats`: `RIG/NAME` → its tree's usage (polecats without a process show 0). */
export function polecatUsage(
  town: Town,
  polecats: PolecatState[],
  ans: Pick<ProbeAnswer, 'now' | 'procs'>,
  book: UsageBook = new UsageBook(),
): NonNullable<OutpostStatus['polecats']> {
  const usage = book.add(ans.procs ?? [], ans.now);
  const out: NonNullable<OutpostStatus['polecats']> = {};
  for (const p of polecats) {
    const u = usage.get(polecatMark(town, p)) ?? { procs: 0, cpu_pct: 0, rss_bytes: 0 };
    out[`${p.rig}/${p.name}`] = { born: p.created_at, ...u };
  }
  return out;
}
