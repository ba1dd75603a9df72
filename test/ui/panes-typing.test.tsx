import { describe, it } from 'vitest';
import { townFixture } from './panes-fixture.js';

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
