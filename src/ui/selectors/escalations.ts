import { cleanLine as sanitizeLine } from './clean.js';
import type { Attempt } from '../../town/schemas/attempt.js';
import type { StoreSnapshot } from '../../store/types.js';
import { memoOn } from './memo.js';

export type AttemptStep = {
  attempt: number;
  tier: number;
  tierName: string;
  preset: string;
  model?: string;
  polecat?: string;
  verdict: Attempt['verdict'];
  feedback: string;
  started: number;
  durationMs?: number;
};

export type EscalationRow = {
  key: string;
  issue: string;
  rig: string;
  title: string;
  steps: AttemptStep[];
  /** The latest attempt's verdict. */
  verdict: Attempt['verdict'];
  /** "cheap ✗ → mid ✗ → strong …": the chain at a glance. */
  trail: string;
  latest: number;
};

const MARK: Record<Attempt['verdict'], string> = { running: '…', accept: '✓', escalate: '✗', error: '!' };

const all = memoOn((rigs: StoreSnapshot['rigs']): EscalationRow[] => {
  const rows: EscalationRow[] = [];
  for (const rig of rigs) {
    for (const [issue, attempts] of rig.attempts) {
      if (attempts.length === 0) continue;
      // last record per attempt number wins (a running attempt is rewritten with its verdict)
      const byNo = new Map<number, Attempt>();
      for (const a of attempts) byNo.set(a.attempt, a);
      const steps = [...byNo.values()]
        .sort((a, b) => a.attempt - b.attempt)
        .map((a) => ({
          attempt: a.attempt,
          tier: a.tier,
          tierName: sanitizeLine(a.tier_name, 30),
          preset: sanitizeLine(a.preset, 30),
          model: a.model ? sanitizeLine(a.model, 40) : undefined,
          polecat: a.polecat,
          verdict: a.verdict,
          feedback: sanitizeLine(a.feedback ?? '', 300),
          started: Date.parse(a.started_at),
          durationMs: a.duration_ms,
        }));
      const last = steps[steps.length - 1]!;
      rows.push({
        key: `${rig.name}/${issue}`,
        issue,
        rig: rig.name,
        title: sanitizeLine(rig.issues.get(issue)?.title ?? '', 200),
        steps,
        verdict: last.verdict,
        trail: steps.map((s) => `${s.tierName} ${MARK[s.verdict]}`).join(' → '),
        latest: Math.max(...steps.map((s) => s.started)),
      });
    }
  }
  return rows.sort((a, b) => b.latest - a.latest || a.key.localeCompare(b.key));
});

/** Issues that have attempts, most recently tried first, each with its trail of tiers. */
export function selectEscalations(snap: StoreSnapshot): EscalationRow[] {
  return all(snap.rigs);
}
