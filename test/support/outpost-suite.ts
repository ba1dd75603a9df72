import { afterAll, beforeAll, expect } from 'vitest';
import { addTestOutposts, makeSuiteTown } from './outposts.js';
import { leftoverNamespaces, leftoverSshd, type TestOutpost } from './sshd.js';
import type { TownFixture } from './town-fixture.js';

/**
 * A describe block's town and real outposts: made before its tests (handed
 * to `got`), and after them the SSH masters closed, every server and
 * namespace stopped, and none left behind (asserted).
 */
export function outpostSuite(
  got: (s: { fx: TownFixture; op: TestOutpost; outposts: TestOutpost[] }) => void,
  opts: { count?: number; extra?: Record<string, unknown>; before?: (fx: TownFixture) => void } = {},
): void {
  let fx: TownFixture | undefined;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    fx = await makeSuiteTown();
    opts.before?.(fx);
    const made = await addTestOutposts(fx.town, opts.count ?? 1, opts.extra ? { extra: opts.extra } : {});
    close = made.close;
    got({ fx, op: made.outposts[0]!, outposts: made.outposts });
  });
  afterAll(async () => {
    await close?.();
    await fx?.cleanup();
    expect(leftoverSshd()).toEqual([]);
    expect(leftoverNamespaces()).toEqual([]);
  });
}
