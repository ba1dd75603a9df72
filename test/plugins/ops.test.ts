import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addPlugin, answerRequest, listPlugins, resolvePlugin } from '../../src/plugins/ops.js';
import { pluginPrompt } from '../../src/plugins/session.js';
import { inbox, parseAddress, sendMail } from '../../src/town/mail.js';
import { readPlugin } from '../../src/town/plugins.js';
import { ov } from '../support/cli.js';
import { townWithRig } from '../support/town.js';

delete process.env.EDITOR;
delete process.env.VISUAL;

describe('plugins on disk', () => {
  it('add from the shipped merge-oracle example: instructions, config, listed, addressable', async () => {
    const { town } = await townWithRig();
    const p = await addPlugin(town, {
      rig: 'web',
      name: 'merge-oracle',
      example: 'merge-oracle',
      agent: 'scripted',
    });
    expect(p.problem).toBeUndefined();
    expect(p.config).toMatchObject({ hooks: ['before-merge'], agent: 'scripted', timeout: 300_000 });
    expect(readFileSync(join(p.dir, 'instructions.md'), 'utf8')).toContain('overseer overlaps --rig RIG');
    expect(listPlugins(town).map((x) => `${x.rig}/${x.name}`)).toEqual(['web/merge-oracle']);
    expect(resolvePlugin(town, 'merge-oracle').dir).toBe(p.dir);
    expect(parseAddress(town, 'web/plugins/merge-oracle')).toBe('web/plugins/merge-oracle');
    const prompt = pluginPrompt(p, 'Review the queue.');
    expect(prompt).toContain('Your mail address is web/plugins/merge-oracle');
    expect(prompt).toContain('overseer plugin answer ID proceed|hold|escalate');
  });

  it('bad input: a clear message, a non-zero exit, nothing on disk', async () => {
    const { town } = await townWithRig();
    const env = { OVERSEER_TOWN: town.root };
    const cases: [string[], RegExp][] = [
      [['plugin', 'add', 'web', 'x', '--hook', 'after-lunch'], /unknown hook point "after-lunch"/],
      [['plugin', 'add', 'web', 'Bad Name'], /invalid plugin name/],
      [['plugin', 'add', 'nope', 'x'], /nope/],
      [['plugin', 'add', 'web', 'x', '--timeout', 'soon'], /invalid --timeout "soon"/],
      [['plugin', 'add', 'web', 'x', '--agent', 'ghost'], /unknown agent preset "ghost"/],
      [['plugin', 'add', 'web', 'x', '--example', 'nothing'], /no example plugin "nothing"/],
      [['plugin', 'add', 'web', 'x', '--instructions', '/nope/x.md'], /cannot read --instructions/],
      [['plugin', 'status', 'ghost'], /no plugin "ghost"/],
      [['plugin', 'answer', 'hq-zzzz', 'proceed'], /no plugin request "hq-zzzz"/],
      [['plugin', 'answer', 'hq-zzzz', 'maybe'], /invalid verdict "maybe"/],
    ];
    for (const [args, msg] of cases) {
      const r = await ov(args, { env });
      expect(r.exitCode, args.join(' ')).not.toBe(0);
      expect(r.stderr).toMatch(msg);
    }
    expect(existsSync(town.rigPaths('web').pluginDir('x'))).toBe(false);
    const left = existsSync(town.rigPaths('web').pluginsDir)
      ? readdirSync(town.rigPaths('web').pluginsDir)
      : [];
    expect(left).toEqual([]);
    await addPlugin(town, { rig: 'web', name: 'x' });
    await expect(addPlugin(town, { rig: 'web', name: 'x' })).rejects.toThrow(/already exists/);
  });

  it('a broken plugin.json or a missing instructions file is a problem, not a crash', async () => {
    const { town } = await townWithRig();
    const p = await addPlugin(town, { rig: 'web', name: 'x', hooks: ['before-merge'] });
    const { writeFileSync, rmSync } = await import('node:fs');
    writeFileSync(join(p.dir, 'plugin.json'), '{"version":1,"hooks":["nope"]}');
    expect(readPlugin(town.rigPaths('web'), 'x').problem).toMatch(/plugin.json/);
    const doc = await ov(['doctor'], { env: { OVERSEER_TOWN: town.root } });
    expect(doc.exitCode).not.toBe(0);
    expect(doc.stdout + doc.stderr).toContain(join(p.dir, 'plugin.json'));
    writeFileSync(join(p.dir, 'plugin.json'), '{"version":1}');
    rmSync(join(p.dir, 'instructions.md'));
    expect(readPlugin(town.rigPaths('web'), 'x').problem).toMatch(/instructions.md: file is missing/);
  });

  it('answer: the plugin replies from its own address to the waiting step; others may not', async () => {
    const { town } = await townWithRig();
    await addPlugin(town, { rig: 'web', name: 'gate', hooks: ['before-merge'] });
    const req = await sendMail(town, {
      to: 'web/plugins/gate',
      from: 'web/refinery',
      subject: 'before-merge: 1 queued in web',
      body: 'queue',
      labels: ['plugin-request', 'hook:before-merge'],
    });
    const asPlugin = { OVERSEER_RIG: 'web', OVERSEER_PLUGIN: 'gate' };
    const m = await answerRequest(town, req.id, 'hold', 'web-m2 first\x1b[31m', asPlugin);
    expect(m).toMatchObject({ assignee: 'web/refinery', sender: 'web/plugins/gate', reply_to: req.id });
    expect(m.title).toBe('hold: web-m2 first');
    await expect(
      answerRequest(town, req.id, 'proceed', '', { OVERSEER_RIG: 'web', OVERSEER_PLUGIN: 'other' }),
    ).rejects.toThrow(/is for web\/plugins\/gate, not web\/plugins\/other/);
    const op = await answerRequest(town, req.id, 'proceed', 'go', {});
    expect(op.sender).toBe('overseer');
    expect(inbox(town, 'web/refinery').map((x) => x.title)).toEqual(['proceed: go', 'hold: web-m2 first']);
  });
});
