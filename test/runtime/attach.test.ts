import { EventEmitter } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  attachPlan,
  runAttach,
  type AttachEnv,
  type AttachOptions,
  type AttachPlan,
} from '../../src/runtime/attach.js';
import { TERMINAL_RESTORE } from '../../src/runtime/pty-bridge.js';
import { InvalidTmuxArgumentError, Tmux } from '../../src/runtime/tmux.js';
import { killTestServer, tempDir, uniqueSocket, waitFor } from '../support/tmux.js';
import { local } from '../support/runner.js';

describe('attachPlan', () => {
  const base: AttachOptions = { socket: 'ov-town', session: 'rig-toast' };
  const client = ['tmux', '-L', 'ov-town', 'attach-session', '-t', '=rig-toast'];

  const cases: Array<[string, AttachEnv, Partial<AttachOptions>, Partial<AttachPlan>]> = [
    [
      'outside tmux → pty, TMUX removed, TERM kept',
      { TERM: 'screen-256color', HOME: '/root', TMUX_PANE: '%9' },
      {},
      {
        kind: 'pty',
        file: 'tmux',
        args: client.slice(1),
        term: 'screen-256color',
        env: { TERM: 'screen-256color', HOME: '/root' },
      },
    ],
    [
      'outside tmux with TERM unset → xterm-256color',
      {},
      {},
      { kind: 'pty', term: 'xterm-256color', env: { TERM: 'xterm-256color' } },
    ],
    ['TERM=dumb is replaced', { TERM: 'dumb' }, {}, { kind: 'pty', term: 'xterm-256color' }],
    ['empty TMUX counts as outside', { TMUX: '' }, {}, { kind: 'pty' }],
    [
      'inside the same server (uid known) → split beside the cockpit pane',
      { TMUX: '/tmp/tmux-1000/ov-town,4242,0', TMUX_PANE: '%3' },
      { uid: 1000 },
      {
        kind: 'tmux-pane',
        mode: 'split',
        outerSocketPath: '/tmp/tmux-1000/ov-town',
        sameServer: true,
        target: '%3',
        direction: 'horizontal',
        command: client,
        env: { TMUX: '' },
      },
    ],
    [
      'same server honours TMUX_TMPDIR',
      { TMUX: '/run/user/7/tmux-7/ov-town,1,2', TMUX_TMPDIR: '/run/user/7' },
      { uid: 7 },
      { kind: 'tmux-pane', sameServer: true, target: undefined },
    ],
    [
      'same server without uid: matched by socket name and tmux-UID dir',
      { TMUX: '/tmp/tmux-0/ov-town,1,0' },
      {},
      { kind: 'tmux-pane', sameServer: true },
    ],
    [
      "inside the operator's own server → still a nested client, TMUX emptied",
      { TMUX: '/tmp/tmux-1000/default,99,1', TMUX_PANE: '%0' },
      { uid: 1000 },
      {
        kind: 'tmux-pane',
        outerSocketPath: '/tmp/tmux-1000/default',
        sameServer: false,
        command: client,
        env: { TMUX: '' },
      },
    ],
    [
      'socket path containing a comma',
      { TMUX: '/tmp/odd,dir/tmux-0/default,99,1' },
      { uid: 0 },
      { kind: 'tmux-pane', outerSocketPath: '/tmp/odd,dir/tmux-0/default', sameServer: false },
    ],
    [
      'window mode, custom binary',
      { TMUX: '/tmp/tmux-0/default,99,1' },
      { mode: 'window', tmuxBin: '/opt/bin/tmux' },
      { kind: 'tmux-pane', mode: 'window', command: ['/opt/bin/tmux', ...client.slice(1)] },
    ],
    [
      'a session on an outpost, inside tmux: the pane runs the given client (ssh -t … tmux attach)',
      { TMUX: '/tmp/tmux-0/default,99,1' },
      { client: ['ssh', '-t', 'gpu-box', '--', 'tmux -S /srv/ov/tmux/s attach-session -t =ov-web-a'] },
      {
        kind: 'tmux-pane',
        command: ['ssh', '-t', 'gpu-box', '--', 'tmux -S /srv/ov/tmux/s attach-session -t =ov-web-a'],
      },
    ],
    [
      'a session on an outpost, outside tmux: the pty runs ssh',
      { TERM: 'xterm' },
      { client: ['ssh', '-t', 'gpu-box', '--', 'tmux attach'] },
      { kind: 'pty', file: 'ssh', args: ['-t', 'gpu-box', '--', 'tmux attach'] },
    ],
    [
      'vertical split with size',
      { TMUX: '/tmp/tmux-0/default,99,1' },
      { direction: 'vertical', size: '40%' },
      { kind: 'tmux-pane', direction: 'vertical', size: '40%' },
    ],
  ];

  it.each(cases)('%s', (_name, env, opts, expected) => {
    const plan = attachPlan(env, { ...base, ...opts });
    expect(plan).toMatchObject(expected);
    if (plan.kind === 'pty') {
      expect(plan.env.TMUX).toBeUndefined();
      expect(plan.env.TMUX_PANE).toBeUndefined();
    }
  });

  it('rejects an unsafe session name', () => {
    expect(() => attachPlan({}, { socket: 's', session: 'x;' })).toThrow(InvalidTmuxArgumentError);
  });
});

describe('runAttach against real tmux', () => {
  let tmux: Tmux;
  let dir: ReturnType<typeof tempDir>;

  beforeEach(async () => {
    tmux = new Tmux({ socket: uniqueSocket('attach'), runner: local });
    dir = tempDir();
    await tmux.newSession({
      name: 'agent',
      cwd: dir.path,
      command: ['sh', '-c', 'echo agent-ready; sleep 120'],
    });
  });

  afterEach(async () => {
    await killTestServer(tmux);
    dir.remove();
  });

  function fakeTerminal(cols: number, rows: number) {
    const stdin = new PassThrough();
    let screen = '';
    const stdout = Object.assign(
      new Writable({
        write(chunk: Buffer, _enc, done) {
          screen += chunk.toString('utf8');
          done();
        },
      }),
      { columns: cols, rows },
    );
    return { stdin, stdout, screen: () => screen };
  }

  it('pty path: shows the session, forwards resizes, returns when the operator detaches (C-b d)', async () => {
    const term = fakeTerminal(100, 30);
    const plan = attachPlan(
      { PATH: process.env.PATH, TERM: 'xterm-256color' },
      {
        socket: tmux.socketLabel,
        session: 'agent',
      },
    );
    expect(plan.kind).toBe('pty');
    const done = runAttach(local, plan, term);

    await waitFor(async () => ((await tmux.listSessions())[0]?.attached === 1 ? true : undefined), {
      what: 'client attached',
    });
    await waitFor(() => (term.screen().includes('agent-ready') ? true : undefined), {
      what: 'pane content on stdout',
    });
    await waitFor(async () => ((await tmux.paneSize('agent')).width === 100 ? true : undefined), {
      what: 'initial size',
    });

    term.stdout.columns = 90;
    term.stdout.rows = 20;
    (term.stdout as EventEmitter).emit('resize');
    await waitFor(async () => ((await tmux.paneSize('agent')).width === 90 ? true : undefined), {
      what: 'resize',
    });

    term.stdin.write('\x02d'); // prefix + d
    const result = await done;
    expect(result).toMatchObject({ kind: 'pty', exitCode: 0 });
    expect(term.screen().endsWith(TERMINAL_RESTORE)).toBe(true);
    expect((await tmux.listSessions())[0]).toMatchObject({ name: 'agent', attached: 0, paneDead: false });
    expect(term.stdin.listenerCount('data')).toBe(0);
  });

  it('tmux-pane path: splits a pane on the outer server that runs a nested client', async () => {
    // The "outer" server stands in for the operator's tmux running the cockpit.
    const outer = new Tmux({ socket: uniqueSocket('outer'), runner: local });
    try {
      await outer.newSession({
        name: 'cockpit',
        cwd: dir.path,
        command: ['sleep', '120'],
        width: 200,
        height: 50,
      });
      const outerPath = socketPathForTest(outer.socketLabel);
      const plan = attachPlan(
        { TMUX: `${outerPath},1,0`, TMUX_PANE: '%0' },
        { socket: tmux.socketLabel, session: 'agent', uid: process.getuid?.() },
      );
      expect(plan).toMatchObject({ kind: 'tmux-pane', sameServer: false });
      const result = await runAttach(local, plan);
      expect(result.kind).toBe('tmux-pane');
      await waitFor(async () => ((await tmux.listSessions())[0]?.attached === 1 ? true : undefined), {
        what: 'nested client attached',
      });
    } finally {
      await killTestServer(outer);
    }
  });
});

function socketPathForTest(socket: string): string {
  const base = process.env.TMUX_TMPDIR || '/tmp';
  return `${base}/tmux-${process.getuid?.() ?? 0}/${socket}`;
}
