import { describe, it } from 'vitest';
import { townFixture } from '../support/ui/panes-fixture.js';

describe('typing fast into the filter', () => {
  it.each([
    ['one key per write, no pause', (w: (s: string) => void) => [...'/currency'].forEach(w)],
    ['chunks', (w: (s: string) => void) => ['/c', 'ur', 'r', 'enc', 'y'].forEach(w)],
    ['one chunk', (w: (s: string) => void) => w('/currency')],
  ])('%s', async (_n, send) => {
    const f = await townFixture();
    try {
      await f.ui.press('2');
      await f.see('1/3');
      send((s) => f.ui.stdin.write(s));
      await f.see('/currency');
    } finally {
      await f.close();
    }
  });
});

describe('Enter read in the same chunk as typed text', () => {
  it('applies the filter and hands the next key to the pane, not to the filter', async () => {
    const f = await townFixture();
    try {
      await f.ui.press('2');
      await f.see('1/3');
      f.ui.stdin.write('/currency\rj');
      await f.see('/currency');
      await new Promise((r) => setTimeout(r, 300));
      const frame = f.ui.lastFrame() ?? '';
      if (/currency ?j/.test(frame)) throw new Error(`Enter was swallowed into the filter:\n${frame}`);
    } finally {
      await f.close();
    }
  });

  it('typed text and Enter read as one chunk after the filter opened (`y\\r`) submit it', async () => {
    const f = await townFixture();
    try {
      await f.ui.press('2');
      await f.see('1/3');
      f.ui.stdin.write('/bo');
      await f.see('/bo');
      f.ui.stdin.write('b\r');
      await new Promise((r) => setTimeout(r, 300));
      f.ui.stdin.write('j');
      await new Promise((r) => setTimeout(r, 300));
      const frame = f.ui.lastFrame() ?? '';
      if (!frame.includes('/bob') || /bob ?j/.test(frame))
        throw new Error(`Enter was not applied:\n${frame}`);
    } finally {
      await f.close();
    }
  });
});
