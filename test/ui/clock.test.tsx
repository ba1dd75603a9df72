import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLOCK_QUIET_AFTER_MS, CLOCK_QUIET_FACTOR, useClock } from '../../src/ui/app/useTown.js';

function Clock({ changeKey, onTick }: { changeKey: number; onTick: (now: number) => void }) {
  const now = useClock(1000, changeKey);
  onTick(now);
  return <Text>{now}</Text>;
}

describe('useClock: the cockpit clock for ages', () => {
  afterEach(() => vi.useRealTimers());

  it('ticks every interval while the town changes, slower once it has been quiet a minute', async () => {
    vi.useFakeTimers();
    const ticks: number[] = [];
    const onTick = (n: number) => {
      if (ticks.at(-1) !== n) ticks.push(n);
    };
    const r = render(<Clock changeKey={0} onTick={onTick} />);
    await vi.advanceTimersByTimeAsync(5000);
    expect(ticks.length).toBeGreaterThanOrEqual(5);
    // Quiet a while: one tick every CLOCK_QUIET_FACTOR intervals.
    await vi.advanceTimersByTimeAsync(CLOCK_QUIET_AFTER_MS);
    ticks.length = 0;
    await vi.advanceTimersByTimeAsync(1000 * CLOCK_QUIET_FACTOR * 4);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.length).toBeLessThanOrEqual(4);
    // A change: back to every interval (after the tick already waiting).
    r.rerender(<Clock changeKey={1} onTick={onTick} />);
    await vi.advanceTimersByTimeAsync(1000 * CLOCK_QUIET_FACTOR);
    ticks.length = 0;
    await vi.advanceTimersByTimeAsync(5000);
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    r.unmount();
  });
});
