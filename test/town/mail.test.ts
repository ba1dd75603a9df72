import { describe, expect, it } from 'vitest';
import { ov, ovJson } from '../support/cli.js';
import { townWithRig } from '../support/town.js';

type Msg = {
  id: string;
  title: string;
  status: string;
  sender: string;
  assignee: string;
  description: string;
};

describe('mail', () => {
  it('sends, lists and reads mail; reading marks it read', async () => {
    const { town } = await townWithRig();
    const cwd = town.root;
    const m1 = await ovJson<Msg>(['mail', 'send', 'mayor', '--subject', 'first', '--body', 'hello mayor'], {
      cwd,
    });
    await ovJson<Msg>(['mail', 'send', 'web/witness', '--subject', 'to witness', '--from', 'web/refinery'], {
      cwd,
    });
    const m3 = await ovJson<Msg>(
      ['mail', 'send', 'mayor', '--subject', 'second', '--from', 'web/polecats/nux'],
      { cwd },
    );
    expect(m1.id).toMatch(/^hq-/);

    const inbox = await ovJson<Msg[]>(['mail', 'inbox', 'mayor'], { cwd });
    expect(inbox.map((m) => m.title)).toEqual(['second', 'first']);
    expect(inbox.every((m) => m.status === 'open')).toBe(true);
    expect(inbox[0]!.sender).toBe('web/polecats/nux');

    const read = await ovJson<Msg>(['mail', 'read', m1.id], { cwd });
    expect(read.description).toBe('hello mayor');
    const after = await ovJson<Msg[]>(['mail', 'inbox', 'mayor', '--unread'], { cwd });
    expect(after.map((m) => m.id)).toEqual([m3.id]);
    expect((await ovJson<Msg[]>(['mail', 'inbox', 'web/witness'], { cwd })).map((m) => m.title)).toEqual([
      'to witness',
    ]);
    expect(await ovJson<Msg[]>(['mail', 'inbox'], { cwd })).toEqual([]);

    const status = await ovJson<{ unread_mail: Record<string, number> }>(['status'], { cwd });
    expect(status.unread_mail).toEqual({ mayor: 1, 'web/witness': 1 });
  });

  it('refuses bad addresses and unknown messages', async () => {
    const { town } = await townWithRig();
    const cwd = town.root;
    for (const to of ['bob', 'web/cook', 'web/polecats/../x', 'nope/witness']) {
      const r = await ov(['mail', 'send', to, '--subject', 's'], { cwd });
      expect(r.exitCode, to).toBe(1);
      expect(r.stderr).toMatch(/mail address|unknown rig/);
    }
    const r = await ov(['mail', 'read', 'hq-zzzz'], { cwd });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/no message "hq-zzzz"/);
  });
});
