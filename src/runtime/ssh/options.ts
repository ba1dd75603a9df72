/**
 * How Overseer calls OpenSSH for one outpost: one multiplexed connection
 * (ControlMaster, socket in the town's socket directory), batch mode (never
 * a prompt), host keys checked against known_hosts (StrictHostKeyChecking=yes,
 * never relaxed, never updated by us), a connect timeout and keep-alives.
 */
export type SshTarget = {
  /** The outpost's name (messages). */
  name: string;
  host: string;
  user?: string;
  port?: number;
  identityFile?: string;
  knownHosts?: string;
  /** An ssh_config file, or "none". */
  sshConfig?: string;
  connectTimeoutMs: number;
  keepaliveMs: number;
  /** The ControlPath socket. */
  controlPath: string;
};

/** How long a master waits after its last client before closing. */
export const CONTROL_PERSIST_S = 600;

const seconds = (ms: number) => String(Math.max(1, Math.ceil(ms / 1000)));

/** `-o` options shared by every ssh and scp call for this target. */
export function commonOptions(t: SshTarget): string[] {
  const o: string[] = [];
  if (t.sshConfig !== undefined) o.push('-F', t.sshConfig);
  const opt = (k: string, v: string) => o.push('-o', `${k}=${v}`);
  opt('BatchMode', 'yes');
  opt('StrictHostKeyChecking', 'yes');
  opt('UpdateHostKeys', 'no');
  if (t.knownHosts !== undefined) opt('UserKnownHostsFile', t.knownHosts);
  if (t.identityFile !== undefined) {
    opt('IdentityFile', t.identityFile);
    opt('IdentitiesOnly', 'yes');
  }
  if (t.port !== undefined) opt('Port', String(t.port));
  if (t.user !== undefined) opt('User', t.user);
  opt('ConnectTimeout', seconds(t.connectTimeoutMs));
  opt('ServerAliveInterval', seconds(t.keepaliveMs));
  opt('ServerAliveCountMax', '3');
  opt('ControlPath', t.controlPath);
  opt('LogLevel', 'ERROR');
  return o;
}

/** Options for a command over the existing master (never opening a master of its own). */
export function clientOptions(t: SshTarget): string[] {
  return [...commonOptions(t), '-o', 'ControlMaster=no', '-T'];
}

/** Options for the command that opens the master (it stays up CONTROL_PERSIST_S after its last client). */
export function masterOptions(t: SshTarget): string[] {
  return [
    ...commonOptions(t),
    '-o',
    'ControlMaster=auto',
    '-o',
    `ControlPersist=${CONTROL_PERSIST_S}`,
    '-o',
    'ExitOnForwardFailure=no',
    '-T',
  ];
}

/** The host as ssh takes it (IPv6 in brackets only for scp paths). */
export function sshHost(t: SshTarget): string {
  return t.host;
}

/** `host:path` for scp (IPv6 addresses bracketed). */
export function scpPath(t: SshTarget, path: string): string {
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  return `${host}:${path}`;
}

/** `user@host:port` for messages. */
export function describeTarget(t: SshTarget): string {
  return `${t.user ? `${t.user}@` : ''}${t.host}${t.port ? `:${t.port}` : ''}`;
}
