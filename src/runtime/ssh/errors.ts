import { OverseerError } from '../../core/errors.js';
import { describeTarget, type SshTarget } from './options.js';

/** Why ssh (exit 255) could not run a command, from what it printed. */
export type SshFailure =
  'host-key-changed' | 'host-key-unknown' | 'auth' | 'refused' | 'resolve' | 'network' | 'other';

const RULES: [SshFailure, RegExp][] = [
  [
    'host-key-changed',
    /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed|host key .* differs/i,
  ],
  ['host-key-unknown', /No \S+ host key is known for|Host key verification failed/i],
  ['auth', /Permission denied \(|Too many authentication failures|no such identity/i],
  ['refused', /Connection refused/i],
  ['resolve', /Could not resolve hostname|Name or service not known/i],
  [
    'network',
    /timed out|No route to host|Network is unreachable|Connection closed|Connection reset|Broken pipe|lost connection|kex_exchange_identification|banner exchange|mux_client|Control socket|master (?:is dead|refused)|Socket is not connected/i,
  ],
];

/** Pure: which failure ssh's stderr describes. */
export function classifySsh(stderr: string): SshFailure {
  for (const [kind, re] of RULES) if (re.test(stderr)) return kind;
  return 'other';
}

/** Did ssh itself fail (rather than the remote command exiting 255)? */
export function isSshFailure(code: number, stderr: string): boolean {
  return code === 255 && classifySsh(stderr) !== 'other';
}

const WHAT: Record<SshFailure, string> = {
  'host-key-changed': 'its host key has CHANGED; refusing to connect',
  'host-key-unknown': 'its host key is not in known_hosts; refusing to connect',
  auth: 'the key was refused (authentication failed)',
  refused: 'connection refused',
  resolve: 'the host name does not resolve',
  network: 'the link is down',
  other: 'ssh failed',
};

/** An outpost that cannot be reached, naming it, its host and why. */
export class OutpostUnreachableError extends OverseerError {
  constructor(
    readonly outpost: string,
    readonly kind: SshFailure | 'backoff',
    message: string,
    opts: { hint?: string; cause?: unknown } = {},
  ) {
    super(kind.startsWith('host-key') ? kind : 'outpost-unreachable', message, opts);
  }
}

export function sshError(t: SshTarget, stderr: string, knownHosts: string): OutpostUnreachableError {
  const kind = classifySsh(stderr);
  const said = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(
      (l) =>
        l !== '' &&
        !/^@+$|^@ +WARNING|IT IS POSSIBLE|Someone could be|It is also possible|Please contact|Add correct host key|Offending|to get rid of|Host key for .* has changed and you have requested strict/.test(
          l,
        ),
    )
    .slice(-2)
    .join(' / ');
  const hint =
    kind === 'host-key-changed'
      ? `if the change is expected, remove the old key of ${t.host} from ${knownHosts} (ssh-keygen -R ${t.host} -f ${knownHosts}) and add the new one after checking its fingerprint`
      : kind === 'host-key-unknown'
        ? `check the host's fingerprint, then add its key to ${knownHosts} (overseer outpost check ${t.name} shows how)`
        : undefined;
  return new OutpostUnreachableError(
    t.name,
    kind,
    `outpost ${t.name} (${describeTarget(t)}): ${WHAT[kind]}${said ? ` (${said})` : ''}`,
    hint ? { hint } : {},
  );
}
