import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pty from 'node-pty';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { writeHeartbeat } from '../../src/daemon/heartbeat.js';
import { runDaemon } from '../../src/daemon/loop.js';
import { Notifier } from '../../src/daemon/notify/notifier.js';
import { Tmux } from '../../src/runtime/tmux.js';
import { createIssue } from '../../src/town/issues.js';
import { writePolecat } from '../../src/town/polecat-state.js';
import { readTownSnapshot } from '../../src/town/snapshot.js';
import { ov } from '../support/cli.js';
import { townWithRig } from '../support/town.js';
import { polecat } from '../support/decide-data.js';
import { local } from '../support/runner.js';
import { waitFor } from '../support/town-fixture.js';
import { httpReceiver } from '../support/http-receiver.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function receiver(status?: (n: number) => number) {
  const r = await httpReceiver(status);
  cleanups.push(r.close);
  return r;
}

function notifyYaml(town: { paths: { configFile(n: string): string } }, config: object): void {
  writeFileSync(town.paths.configFile('notify.yaml'), stringify({ version: 1, ...config }));
}

/** `n` polecats of rig web waiting for input, as state files (the snapshot the daemon reads). */
async function waitingPolecats(
  town: Awaited<ReturnType<typeof townWithRig>>['town'],
  names: string[],
  title = 'Work',
) {
  const now = new Date().toISOString();
  for (const name of names) {
    const issue = await createIssue(town, 'web', { title: `${title} ${name}` });
    await writePolecat(
      town.rigPaths('web'),
      polecat(name, { issue: issue.id, state: 'waiting', state_reason: `asks ${name}`, state_since: now }),
    );
  }
}

describe('notification channels, for real', () => {
  it('rate limiting holds under a burst: 8 waiting agents, max 3 per hour, exactly 3 POSTs', async () => {
    const { town } = await townWithRig();
    const rx = await receiver();
    notifyYaml(town, { channels: [{ type: 'webhook', url: rx.url, rate_limit: { max: 3, per: '1h' } }] });
    await waitingPolecats(town, ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8']);
    const n = new Notifier(town, local);
    for (let i = 0; i < 5; i++) {
      await n.tick(readTownSnapshot(town.root), Date.now());
      await n.flush();
    }
    expect(rx.got).toHaveLength(3);
    const held = readFileSync(town.paths.events, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"notify.held"'));
    // Each held item is logged once, not once per tick.
    expect(held).toHaveLength(5);
  });

  it('a failing receiver is retried with backoff until it answers, and the item is not resent', async () => {
    const { town } = await townWithRig();
    const rx = await receiver((n) => (n < 3 ? 503 : 200));
    notifyYaml(town, { channels: [{ type: 'webhook', url: rx.url, retries: 2, timeout: '2s' }] });
    await waitingPolecats(town, ['b1']);
    const n = new Notifier(town, local);
    await n.tick(readTownSnapshot(town.root), Date.now());
    await n.flush();
    expect(rx.got).toHaveLength(3);
    await n.tick(readTownSnapshot(town.root), Date.now());
    await n.flush();
    expect(rx.got).toHaveLength(3);
    const log = readFileSync(town.paths.events, 'utf8');
    expect(log).toMatch(/"notify\.sent".*HTTP 200 after 3 tries/);
  });

  it('a receiver that never answers is cut at the timeout and retried; the failure is logged', async () => {
    const { town } = await townWithRig();
    const rx = await receiver(() => 0);
    notifyYaml(town, { channels: [{ type: 'webhook', url: rx.url, retries: 1, timeout: '300ms' }] });
    await waitingPolecats(town, ['h1']);
    const n = new Notifier(town, local);
    const started = Date.now();
    await n.tick(readTownSnapshot(town.root), Date.now());
    await n.flush();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(rx.got).toHaveLength(2);
    expect(readFileSync(town.paths.events, 'utf8')).toMatch(
      /"notify\.failed".*FAILED \(timed out after 300 ms after 2 tries\)/,
    );
  });

  it('the command channel gets the event as JSON on stdin; shell metacharacters stay text', async () => {
    const { town, base } = await townWithRig();
    const out = join(base, 'received.json');
    const script = join(base, 'record.mjs');
    writeFileSync(
      script,
      "import { readFileSync, writeFileSync } from 'node:fs';\n" +
        'writeFileSync(process.argv[2], JSON.stringify({ argv: process.argv.slice(3), stdin: readFileSync(0, "utf8") }));\n',
    );
    notifyYaml(town, {
      channels: [{ type: 'command', command: [process.execPath, script, out, '$(touch ARGV-PWNED)'] }],
    });
    await waitingPolecats(town, ['c1'], '$(touch PWNED) `touch PWNED2`; touch PWNED3 #');
    const n = new Notifier(town, local);
    await n.tick(readTownSnapshot(town.root), Date.now());
    await n.flush();
    const got = JSON.parse(readFileSync(out, 'utf8')) as { argv: string[]; stdin: string };
    expect(got.argv).toEqual(['$(touch ARGV-PWNED)']);
    const event = JSON.parse(got.stdin) as { kind: string; title: string; issue_title: string };
    expect(event.kind).toBe('waiting');
    expect(event.issue_title).toBe('$(touch PWNED) `touch PWNED2`; touch PWNED3 # c1');
    for (const dir of [base, town.root, process.cwd()])
      expect(readdirSync(dir).filter((f) => f.includes('PWNED'))).toEqual([]);
  });

  it('desktop: an OSC 9 reaches the terminal of an attached tmux client through passthrough', async () => {
    const { town } = await townWithRig();
    const socket = `ov-test-osc-${process.pid}`;
    const tmux = new Tmux({ socket, runner: local });
    cleanups.push(() => tmux.killServer());
    await tmux.newSession({ name: 'op', cwd: town.root, command: ['sleep', '300'], width: 80, height: 24 });
    await tmux.setOption(null, 'allow-passthrough', 'on', 'pane');
    let screen = '';
    const env = { ...process.env, TERM: 'xterm-256color' } as Record<string, string>;
    delete env.TMUX;
    const client = pty.spawn('tmux', ['-L', socket, 'attach', '-t', 'op'], { cols: 80, rows: 24, env });
    cleanups.push(async () => client.kill());
    client.onData((d) => (screen += d));
    await waitFor('the client to attach', async () => (await tmux.listClients()).length > 0);
    notifyYaml(town, { channels: [{ type: 'desktop', method: 'osc9', tmux: [socket] }] });
    await waitingPolecats(town, ['d1'], 'Desk \x1b]9;fake\x07');
    const n = new Notifier(town, local);
    await n.tick(readTownSnapshot(town.root), Date.now());
    await n.flush();
    await waitFor('the OSC 9 on the terminal', () => screen.includes('\x1b]9;'));
    const osc = screen.slice(screen.indexOf('\x1b]9;'));
    expect(osc.slice(0, osc.indexOf('\x07'))).toMatch(
      /^\x1b\]9;test: Waiting for input: web\/d1 .*Desk +d1\) — asks d1$/,
    );
    expect(osc).not.toContain('fake');
    expect(readFileSync(town.paths.events, 'utf8')).toMatch(
      /OSC 9 to 1 terminal\(s\) through tmux passthrough/,
    );
  });

  it('desktop: with no tmux client to pass it through it falls back to notify-send, and says when that is missing', async () => {
    const { town, base } = await townWithRig();
    // A PATH with node and tmux only: no notify-send, whatever this machine has installed.
    const bin = join(base, 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const tmuxBin = (await local.run('sh', ['-c', 'command -v tmux'])).stdout.trim();
    symlinkSync(tmuxBin, join(bin, 'tmux'));
    notifyYaml(town, {
      channels: [{ type: 'desktop', name: 'desk', tmux: [`ov-test-none-${process.pid}`] }],
    });
    const r = await ov(['notify', 'test', '--town', town.root], { env: { PATH: bin } });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(
      /^✗ desk \(desktop\): no tmux client attached to pass it through; notify-send is not installed$/m,
    );
    expect(r.stderr).toContain('1 of 1 channel(s) failed: desk');
  });

  it('a daemon that finds its predecessor died without stopping sends "daemon died"', async () => {
    const { town } = await townWithRig();
    const rx = await receiver();
    notifyYaml(town, { channels: [{ type: 'webhook', url: rx.url }] });
    const at = new Date(Date.now() - 60_000).toISOString();
    await writeHeartbeat(town.paths, {
      version: 1,
      pid: 999_999,
      started_at: at,
      at,
      state: 'running',
      ticks: 12,
      tick_interval_ms: 5000,
      last_actions: {},
    });
    const socket = `ov-test-dd-${process.pid}`;
    await runDaemon(town, { maxTicks: 1, log: () => undefined, tmux: new Tmux({ socket, runner: local }) });
    expect(rx.got).toHaveLength(1);
    expect(JSON.parse(rx.got[0]!.body)).toMatchObject({ kind: 'daemon-died', subject: '999999' });
    // Sent once: the next daemon (clean stop before it) sends nothing.
    await runDaemon(town, { maxTicks: 1, log: () => undefined, tmux: new Tmux({ socket, runner: local }) });
    expect(rx.got).toHaveLength(1);
  });

  it('`overseer notify test` sends on every channel and says how each went', async () => {
    const { town, base } = await townWithRig();
    const rx = await receiver();
    const out = join(base, 'cmd.json');
    const script = join(base, 'cat.mjs');
    writeFileSync(
      script,
      "import { readFileSync, writeFileSync } from 'node:fs';\nwriteFileSync(process.argv[2], readFileSync(0));\n",
    );
    notifyYaml(town, {
      channels: [
        { type: 'bell' },
        { type: 'webhook', url: rx.url, template: 'slack' },
        { type: 'command', command: [process.execPath, script, out] },
      ],
    });
    const r = await ov(['notify', 'test', '--town', town.root]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^- bell \(bell\): no terminal here/m);
    expect(r.stdout).toMatch(/^✓ webhook \(webhook\): HTTP 200/m);
    expect(r.stdout).toMatch(/^✓ command \(command\): exit 0/m);
    expect(JSON.parse(rx.got[0]!.body).text).toContain('Test notification from town test');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ kind: 'test', test: true });

    // A receiver that is not there: the channel is named, the exit is non-zero.
    notifyYaml(town, {
      channels: [
        { type: 'webhook', name: 'pager', url: 'http://127.0.0.1:9/none', retries: 0, timeout: '2s' },
      ],
    });
    const bad = await ov(['notify', 'test', '--town', town.root]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toMatch(/^✗ pager \(webhook\): /m);
    expect(bad.stderr).toContain('1 of 1 channel(s) failed: pager');
    // A broken config file is named.
    writeFileSync(town.paths.configFile('notify.yaml'), 'channels: [{ type: webhook, url: nope }]\n');
    const broken = await ov(['notify', 'test', '--town', town.root]);
    expect(broken.exitCode).toBe(1);
    expect(broken.stderr).toContain('notify.yaml');
    expect(existsSync(join(town.root, 'PWNED'))).toBe(false);
  });
});
