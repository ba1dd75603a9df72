import { describe, expect, it } from 'vitest';
import {
  CONTAINER_PATH,
  containerCommand,
  containerName,
  containerRemoveCommand,
  type ContainerRun,
} from '../../src/polecats/outpost/container.js';
import { checkItems } from '../../src/polecats/outpost/check.js';
import { ContainerSpec } from '../../src/town/schemas/outpost.js';

const run: ContainerRun = {
  session: 'ov-web-furiosa',
  worktree: '/srv/ov/t-abc/web/polecats/furiosa',
  dir: '/srv/ov',
  node: '/usr/bin/node',
  user: '1000:1000',
  shimDir: '/srv/ov/overseer/h1/bin',
  envNames: [
    'PATH',
    'HOME',
    'OVERSEER_CALL_TOKEN',
    'ANTHROPIC_API_KEY',
    'OVERSEER_RIG',
    'bad-name',
    'OVERSEER_RIG',
  ],
  envSet: { OVERSEER_AGENT_MARK: 'ov-web-furiosa@/town#t0' },
  argv: ['claude', '--model', 'sonnet', 'do the work'],
};
const spec = (over: Partial<ContainerSpec> = {}) =>
  ContainerSpec.parse({ engine: 'docker', image: 'ghcr.io/acme/agent:1', ...over });

/** The value after each occurrence of a flag. */
const values = (argv: string[], flag: string) => argv.flatMap((a, i) => (a === flag ? [argv[i + 1]!] : []));

describe('the container wrapper of an outpost (pure command builder)', () => {
  const rows: {
    name: string;
    spec: ContainerSpec;
    run?: Partial<ContainerRun>;
    check: (argv: string[]) => void;
  }[] = [
    {
      name: 'docker: removed at exit, a tty, an init, the host network, named after the session',
      spec: spec(),
      check: (a) => {
        expect(a.slice(0, 6)).toEqual(['docker', 'run', '--rm', '--interactive', '--tty', '--init']);
        expect(values(a, '--name')).toEqual(['ov-ov-web-furiosa']);
        expect(values(a, '--network')).toEqual(['host']);
      },
    },
    {
      name: 'podman: the same command with its engine',
      spec: spec({ engine: 'podman' }),
      check: (a) => {
        expect(a[0]).toBe('podman');
        expect(a.slice(1, 3)).toEqual(['run', '--rm']);
      },
    },
    {
      name: 'as the SSH user, in the worktree, the outpost dir rw and node ro at the same paths, then the operator mounts',
      spec: spec({ mounts: ['/data/cache:/cache:ro', '/opt/sdk:/opt/sdk'] }),
      check: (a) => {
        expect(values(a, '--user')).toEqual(['1000:1000']);
        expect(values(a, '--workdir')).toEqual([run.worktree]);
        expect(values(a, '--volume')).toEqual([
          '/srv/ov:/srv/ov:rw',
          '/usr/bin/node:/usr/bin/node:ro',
          '/data/cache:/cache:ro',
          '/opt/sdk:/opt/sdk',
        ]);
      },
    },
    {
      name: 'no uid known, no node: neither flag nor mount',
      spec: spec(),
      run: { user: undefined, node: undefined },
      check: (a) => {
        expect(a).not.toContain('--user');
        expect(values(a, '--volume')).toEqual(['/srv/ov:/srv/ov:rw']);
      },
    },
    {
      name: 'variables go in by name only (a key never on the command line); the host PATH and bad names left out',
      spec: spec(),
      run: { envNames: [...run.envNames] },
      check: (a) => {
        expect(values(a, '--env')).toEqual([
          'ANTHROPIC_API_KEY',
          'HOME',
          'OVERSEER_CALL_TOKEN',
          'OVERSEER_RIG',
        ]);
        expect(a.join(' ')).not.toMatch(/ANTHROPIC_API_KEY=/);
      },
    },
    {
      name: "after the image: env(1) puts the helper's overseer first on the image's PATH, sets the mark, then the agent",
      spec: spec(),
      check: (a) => {
        const at = a.indexOf('ghcr.io/acme/agent:1');
        expect(a.slice(at)).toEqual([
          'ghcr.io/acme/agent:1',
          'env',
          `PATH=/srv/ov/overseer/h1/bin:${CONTAINER_PATH}`,
          'OVERSEER_AGENT_MARK=ov-web-furiosa@/town#t0',
          'claude',
          '--model',
          'sonnet',
          'do the work',
        ]);
      },
    },
  ];
  it.each(rows)('$name', (row) => row.check(containerCommand(row.spec, { ...run, ...row.run })));

  it.each([
    ['ov-web-furiosa', 'ov-ov-web-furiosa'],
    ['ov-web-a b/c', 'ov-ov-web-a_b_c'],
  ])('container name of session %s is %s', (session, name) => expect(containerName(session)).toBe(name));

  it('the container is removed with its session, running or not', () => {
    expect(containerRemoveCommand(spec({ engine: 'podman' }), 'ov-web-x')).toEqual([
      'podman',
      'rm',
      '--force',
      'ov-ov-web-x',
    ]);
  });

  it.each([
    ['an image with a shell character', { image: 'img;rm -rf /' }],
    ['a relative mount', { mounts: ['data:/data'] }],
    ['a mount with a bad mode', { mounts: ['/a:/b:rx'] }],
    ['an unknown engine', { engine: 'lxc' }],
  ])('config refuses %s', (_n, over) => {
    expect(ContainerSpec.safeParse({ engine: 'docker', image: 'debian:12', ...over }).success).toBe(false);
  });

  it('outpost check: with a container, its engine is required', () => {
    const kv = new Map([
      ['git', 'git version 2.39'],
      ['tmux', 'tmux 3.3a'],
      ['node', 'v20.1.0'],
      ['writable', 'yes'],
      ['free_kb', String(4 * 1024 * 1024)],
    ]);
    const missing = checkItems(kv, [], 'podman').find((i) => i.what === 'container engine podman');
    expect(missing).toMatchObject({ ok: false, detail: expect.stringContaining('missing') });
    kv.set('program:podman', '/usr/bin/podman');
    expect(checkItems(kv, [], 'podman').find((i) => i.what === 'container engine podman')?.ok).toBe(true);
    expect(checkItems(kv, []).some((i) => i.what.startsWith('container engine'))).toBe(false);
  });
});
