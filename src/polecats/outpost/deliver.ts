import { appendFileWhole } from '../../core/disk-write.js';
import { overseerBin } from '../../core/package-root.js';
import { readFileSync } from 'node:fs';
import { timingSafeEqual } from 'node:crypto';
import { runnerFor } from '../../runtime/hosts.js';
import type { AgentCall, CallOutcome } from '../../runtime/remote/calls.js';
import { callKind } from '../../runtime/remote/agent-shim.js';
import { OutpostFiles } from '../../town/outposts.js';
import { readPolecat } from '../../town/polecat-state.js';
import type { Town } from '../../town/town.js';

/** The outcomes already delivered from an outpost, by call id (its ledger). */
export function readLedger(town: Town, outpost: string): Map<string, CallOutcome> {
  const out = new Map<string, CallOutcome>();
  let text = '';
  try {
    text = readFileSync(new OutpostFiles(town.paths).ledger(outpost), 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const o = JSON.parse(line) as CallOutcome;
      out.set(o.id, o);
    } catch {
      /* a torn last line: that call runs again (calls are idempotent: done, signal) */
    }
  }
  return out;
}

const sameToken = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Why a call may not run: unknown polecat, not on this outpost, wrong token, not an agent call. */
export function refuseCall(town: Town, outpost: string, call: AgentCall): string | undefined {
  if (!callKind(call.argv)) return `not an agent call: ${call.argv.slice(0, 2).join(' ')}`;
  let p;
  try {
    p = readPolecat(town.rigPaths(call.rig), call.polecat);
  } catch {
    p = undefined;
  }
  if (!p) return `no polecat ${call.rig}/${call.polecat}`;
  if (p.outpost !== outpost) return `polecat ${call.rig}/${call.polecat} is not on outpost ${outpost}`;
  if (!p.call_token || !sameToken(p.call_token, call.token))
    return `call token does not match polecat ${call.rig}/${call.polecat}`;
  return undefined;
}

/**
 * Run one agent call from an outpost in the town, exactly once: a call
 * whose id is in the ledger is answered from it; otherwise it is checked
 * (the polecat, its outpost and token: an agent acts only as itself), run
 * as `overseer ARGV` for that polecat, and its outcome appended to the ledger
 * before the outpost is told to drop it.
 */
export async function deliverCall(
  town: Town,
  outpost: string,
  call: AgentCall,
  ledger: Map<string, CallOutcome>,
): Promise<CallOutcome> {
  const known = ledger.get(call.id);
  if (known) return known;
  const why = refuseCall(town, outpost, call);
  let outcome: CallOutcome;
  if (why) outcome = { id: call.id, code: 2, stdout: '', stderr: `overseer: refused: ${why}\n` };
  else {
    const r = await runnerFor(town).run(process.execPath, [overseerBin(), ...call.argv], {
      env: {
        OVERSEER_TOWN: town.root,
        OVERSEER_RIG: call.rig,
        OVERSEER_POLECAT: call.polecat,
      },
      cwd: town.root,
      timeoutMs: 120_000,
      ...(call.stdin !== undefined ? { input: call.stdin } : {}),
    });
    outcome = { id: call.id, code: r.code ?? 1, stdout: r.stdout, stderr: r.stderr };
  }
  appendFileWhole(new OutpostFiles(town.paths).ledger(outpost), `${JSON.stringify(outcome)}\n`);
  ledger.set(call.id, outcome);
  return outcome;
}
