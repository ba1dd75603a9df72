import { Box, Text } from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { installInkLineCache } from '../../src/ui/app/ink-line-cache.js';

function Screen({ lines }: { lines: string[] }) {
  return (
    <Box flexDirection="column">
      {lines.map((l, i) => (
        <Text key={i} color={i % 2 ? 'red' : undefined}>
          {l}
        </Text>
      ))}
    </Box>
  );
}

describe('installInkLineCache', () => {
  it('hooks into the Ink version in use', async () => {
    // False would mean Ink's build changed shape: the cockpit still works, but slower.
    expect(await installInkLineCache()).toBe(true);
    expect(await installInkLineCache()).toBe(true);
  });

  it('draws changed lines anew and unchanged lines as before, frame after frame', async () => {
    await installInkLineCache();
    const base = ['alpha', 'beta', 'gamma', 'delta'];
    const app = render(<Screen lines={base} />);
    expect(app.lastFrame()).toBe('alpha\nbeta\ngamma\ndelta');
    app.rerender(<Screen lines={['alpha', 'BETA', 'gamma', 'delta']} />);
    expect(app.lastFrame()).toBe('alpha\nBETA\ngamma\ndelta');
    app.rerender(<Screen lines={['gamma', 'beta', 'alpha', 'delta']} />);
    expect(app.lastFrame()).toBe('gamma\nbeta\nalpha\ndelta');
    app.rerender(<Screen lines={base} />);
    expect(app.lastFrame()).toBe('alpha\nbeta\ngamma\ndelta');
    app.unmount();
  });
});
