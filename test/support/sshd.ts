import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Real outposts for tests: OpenSSH servers (Debian's /usr/sbin/sshd), each
 * with its own host key, config, authorized key and directory. As root they
 * run in their own network namespace, joined to this one by a veth pair, so
 * each has its own address and its link can be cut (`ip link set … down`);
 * without namespaces they listen on 127.0.0.1 on distinct ports (and a cut
 * stops the listener and kills its connections instead). `MODE` says which.
 * Every server, namespace and veth made here is removed by `stop()`.
 */
export type SshdMode = 'netns' | 'loopback';

export const SSHD = '/usr/sbin/sshd';

function canNetns(): boolean {
  if (process.getuid?.() !== 0 || !existsSync(SSHD)) return false;
  const probe = `ovprobe${process.pid % 100000}`;
  try {
    execFileSync('ip', ['netns', 'add', probe], { stdio: 'ignore' });
    execFileSync('ip', ['netns', 'del', probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const MODE: SshdMode =
  process.env.OVERSEER_TEST_SSHD_MODE === 'loopback' || !canNetns() ? 'loopback' : 'netns';
export const sshdAvailable = existsSync(SSHD);

export type TestOutpost = {
  name: string;
  mode: SshdMode;
  host: string;
  port: number;
  user: string;
  identityFile: string;
  knownHosts: string;
  /** The directory Overseer may use on the outpost. */
  dir: string;
  /** The namespace, in netns mode. */
  netns?: string;
  /** Cut the link: the outpost becomes unreachable, everything on it keeps running. */
  cut(): Promise<void>;
  restore(): Promise<void>;
  /** Give the server a new host key (a changed key: connections must be refused). */
  rekey(): Promise<void>;
  /** The outpost's entry for config/outposts.yaml. */
  config(extra?: Record<string, unknown>): Record<string, unknown>;
  stop(): Promise<void>;
};

let counter = 0;
const started = new Set<number>();

const sh = (bin: string, args: string[]) =>
  execFileSync(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
const trySh = (bin: string, args: string[]) => {
  try {
    sh(bin, args);
  } catch {
    /* already gone */
  }
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function usedSubnets(): string {
  try {
    return sh('ip', ['-o', 'addr']);
  } catch {
    return '';
  }
}

function keygen(file: string): void {
  sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'overseer-test', '-f', file]);
}

async function waitListening(
  host: string,
  port: number,
  netns: string | undefined,
  log: string,
): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const out = netns ? sh('ip', ['netns', 'exec', netns, 'ss', '-ltn']) : sh('ss', ['-ltn']);
      if (out.includes(`${host}:${port}`)) return;
    } catch {
      /* ss not ready */
    }
    if (Date.now() > deadline)
      throw new Error(
        `sshd did not listen on ${host}:${port}: ${existsSync(log) ? readFileSync(log, 'utf8') : ''}`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Start one outpost host. */
export async function startOutpost(name = `op${counter}`): Promise<TestOutpost> {
  const n = counter++;
  const root = realpathSync(mkdtempSync(join(tmpdir(), `ov-outpost-${name}-`)));
  const dir = join(root, 'home');
  mkdirSync(dir);
  mkdirSync('/run/sshd', { recursive: true });
  keygen(join(root, 'host_key'));
  keygen(join(root, 'user_key'));
  writeFileSync(join(root, 'authorized_keys'), readFileSync(join(root, 'user_key.pub')));
  let host = '127.0.0.1';
  let port = await freePort();
  let netns: string | undefined;
  let vethHost: string | undefined;
  if (MODE === 'netns') {
    const used = usedSubnets();
    let a = 0;
    let b = 0;
    do {
      a = 128 + Math.floor(Math.random() * 100);
      b = Math.floor(Math.random() * 250);
    } while (used.includes(`10.${a}.${b}.`));
    netns = `ovt${process.pid}n${n}`;
    vethHost = `ovh${process.pid % 100000}${n}`.slice(0, 15);
    const vethIn = `ovo${process.pid % 100000}${n}`.slice(0, 15);
    sh('ip', ['netns', 'add', netns]);
    sh('ip', ['link', 'add', vethHost, 'type', 'veth', 'peer', 'name', vethIn]);
    sh('ip', ['link', 'set', vethIn, 'netns', netns]);
    sh('ip', ['addr', 'add', `10.${a}.${b}.1/30`, 'dev', vethHost]);
    sh('ip', ['link', 'set', vethHost, 'up']);
    sh('ip', ['-n', netns, 'addr', 'add', `10.${a}.${b}.2/30`, 'dev', vethIn]);
    sh('ip', ['-n', netns, 'link', 'set', vethIn, 'up']);
    sh('ip', ['-n', netns, 'link', 'set', 'lo', 'up']);
    host = `10.${a}.${b}.2`;
    port = 22;
  }
  const config = join(root, 'sshd_config');
  const writeConfig = () =>
    writeFileSync(
      config,
      [
        `ListenAddress ${host}:${port}`,
        `HostKey ${join(root, 'host_key')}`,
        `PidFile ${join(root, 'sshd.pid')}`,
        `AuthorizedKeysFile ${join(root, 'authorized_keys')}`,
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PermitRootLogin prohibit-password',
        'UsePAM no',
        'StrictModes no',
        'AllowStreamLocalForwarding yes',
        'AllowTcpForwarding yes',
        'ClientAliveInterval 2',
        'ClientAliveCountMax 2',
        'MaxSessions 100',
        'MaxStartups 100',
        'Subsystem sftp /usr/lib/openssh/sftp-server',
        'LogLevel ERROR',
        '',
      ].join('\n'),
    );
  writeConfig();
  const knownHosts = join(root, 'known_hosts');
  const writeKnown = () => {
    const [type, key] = readFileSync(join(root, 'host_key.pub'), 'utf8').split(' ');
    const hostId = port === 22 ? host : `[${host}]:${port}`;
    writeFileSync(knownHosts, `${hostId} ${type} ${key}\n`);
  };
  writeKnown();
  const log = join(root, 'sshd.log');
  let child: ChildProcess | undefined;
  const start = async () => {
    const argv = [SSHD, '-D', '-e', '-f', config];
    child = netns
      ? spawn('ip', ['netns', 'exec', netns, ...argv], { stdio: ['ignore', 'ignore', 'ignore'] })
      : spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'ignore'] });
    if (child.pid) started.add(child.pid);
    await waitListening(host, port, netns, log);
  };
  const kill = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (c.exitCode === null) c.kill('SIGKILL');
  };
  await start();
  let down = false;
  const me: TestOutpost = {
    name,
    mode: MODE,
    host,
    port,
    user: 'root',
    identityFile: join(root, 'user_key'),
    knownHosts,
    dir,
    ...(netns ? { netns } : {}),
    async cut() {
      if (down) return;
      down = true;
      if (vethHost) sh('ip', ['link', 'set', vethHost, 'down']);
      else {
        // Loopback: stop the listener and end its connections (what the sessions started keeps running).
        const conns = child?.pid ? childPids(child.pid) : [];
        await kill();
        for (const p of conns) trySh('kill', ['-KILL', String(p)]);
      }
    },
    async restore() {
      if (!down) return;
      down = false;
      if (vethHost) sh('ip', ['link', 'set', vethHost, 'up']);
      else await start();
    },
    async rekey() {
      await kill();
      rmSync(join(root, 'host_key'), { force: true });
      rmSync(join(root, 'host_key.pub'), { force: true });
      keygen(join(root, 'host_key'));
      await start();
    },
    config(extra = {}) {
      return {
        name,
        type: 'ssh',
        host,
        port,
        user: 'root',
        identity_file: join(root, 'user_key'),
        known_hosts: knownHosts,
        ssh_config: 'none',
        dir,
        max_workers: 4,
        connect_timeout: '3s',
        keepalive: '1s',
        max_backoff: '2s',
        ...extra,
      };
    },
    async stop() {
      await kill();
      // tmux servers the town started on the outpost (their sockets are under its directory).
      for (const sock of tmuxSockets(dir)) trySh('tmux', ['-S', sock, 'kill-server']);
      if (netns) {
        // Whatever runs inside (tmux servers, agents, sshd sessions) goes with the namespace.
        let pids: string[] = [];
        try {
          pids = sh('ip', ['netns', 'pids', netns]).split('\n').filter(Boolean);
        } catch {
          pids = [];
        }
        for (const p of pids) trySh('kill', ['-KILL', p]);
        if (vethHost) trySh('ip', ['link', 'del', vethHost]);
        trySh('ip', ['netns', 'del', netns]);
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
  return me;
}

/** Namespaces this process made that still exist (should be none after stop). */
export function leftoverNamespaces(): string[] {
  try {
    return sh('ip', ['netns', 'list'])
      .split('\n')
      .map((l) => l.split(' ')[0]!)
      .filter((n) => n.startsWith(`ovt${process.pid}n`));
  } catch {
    return [];
  }
}

/** sshd servers started here that still run (should be none after stop). */
export function leftoverSshd(): number[] {
  return [...started].filter((pid) => {
    try {
      process.kill(pid, 0);
      return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
    } catch {
      return false;
    }
  });
}

function childPids(pid: number): number[] {
  try {
    return sh('pgrep', ['-P', String(pid)])
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function tmuxSockets(dir: string): string[] {
  try {
    return sh('find', [dir, '-type', 's', '-path', '*/tmux/*']).split('\n').filter(Boolean);
  } catch {
    return [];
  }
}
