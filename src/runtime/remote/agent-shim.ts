import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { type AgentCall, type CallOutcome, CALL_STDIN_MAX, newCallId } from './calls.js';

/** Agent calls that change the town: kept in the spool and delivered later when the link is down. */
const QUEUED = new Set(['done', 'handoff', 'signal', 'cycle', 'mail send', 'issue create']);
/** Calls that only read: answered now or not at all. */
const READS = new Set(['mail inbox', 'mail read', 'issue show', 'issue list', 'ready']);

export function callKind(argv: readonly string[]): 'queued' | 'read' | undefined {
  const one = argv[0] ?? '';
  const two = `${one} ${argv[1] ?? ''}`;
  if (QUEUED.has(one) || QUEUED.has(two)) return 'queued';
  if (READS.has(one) || READS.has(two)) return 'read';
  return undefined;
}

/** Send one call to the town's gateway (a socket forwarded over SSH); undefined when it cannot be reached or does not answer. */
export function sendCall(
  socket: string,
  call: AgentCall,
  answerMs = 120_000,
): Promise<CallOutcome | undefined> {
  return new Promise((resolve) => {
    let buf = '';
    let done = false;
    const finish = (v: CallOutcome | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      conn.destroy();
      resolve(v);
    };
    const conn = createConnection(socket);
    const timer = setTimeout(() => finish(undefined), answerMs);
    conn.setEncoding('utf8');
    conn.on('connect', () => conn.write(`${JSON.stringify(call)}\n`));
    conn.on('data', (d: string) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      try {
        finish(JSON.parse(buf.slice(0, nl)) as CallOutcome);
      } catch {
        finish(undefined);
      }
    });
    conn.on('error', () => finish(undefined));
    conn.on('close', () => finish(undefined));
  });
}

/**
 * `overseer …` run by an agent on an outpost. The call goes to the town over
 * the SSH connection and its answer is printed as the town's CLI gave it.
 * A call that changes the town is first written to the spool, so when the
 * link is down it is kept and delivered once when it returns.
 */
export async function agentShim(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { OVERSEER_SPOOL: spool, OVERSEER_GATEWAY: gateway, OVERSEER_CALL_TOKEN: token } = env;
  const { OVERSEER_RIG: rig, OVERSEER_POLECAT: polecat, OVERSEER_OUTPOST: outpost = 'this outpost' } = env;
  if (!spool || !gateway || !token || !rig || !polecat) {
    process.stderr.write(
      'overseer: not a polecat session on an outpost (OVERSEER_SPOOL, OVERSEER_GATEWAY, OVERSEER_CALL_TOKEN, OVERSEER_RIG, OVERSEER_POLECAT unset)\n',
    );
    return 2;
  }
  const kind = callKind(argv);
  if (!kind) {
    process.stderr.write(
      `overseer: on an outpost a polecat may run: ${[...QUEUED, ...READS].join(', ')}; not ${JSON.stringify(argv.join(' '))}\n`,
    );
    return 2;
  }
  const call: AgentCall = { v: 1, id: newCallId(), rig, polecat, token, argv, at: new Date().toISOString() };
  if (argv.includes('--stdin') && !process.stdin.isTTY) {
    try {
      call.stdin = readFileSync(0, 'utf8').slice(0, CALL_STDIN_MAX);
    } catch {
      /* nothing piped */
    }
  }
  const file = join(spool, `${call.id}.json`);
  if (kind === 'queued') {
    mkdirSync(spool, { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(call), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }
  const out = await sendCall(gateway, call);
  if (out) {
    rmSync(file, { force: true });
    process.stdout.write(out.stdout);
    process.stderr.write(out.stderr);
    return out.code;
  }
  if (kind === 'read') {
    process.stderr.write(
      `overseer: the town cannot be reached from outpost ${outpost} right now; try again later\n`,
    );
    return 1;
  }
  process.stderr.write(
    `overseer: the town cannot be reached from outpost ${outpost} right now; \`overseer ${argv[0]}\` is queued (call ${call.id}) and will be delivered once, when the link returns\n`,
  );
  return 0;
}
