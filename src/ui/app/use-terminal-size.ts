import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

/** The terminal's size, following resizes; a fixed size (tests) wins. */
export function useTerminalSize(fixed?: { cols?: number; rows?: number }): { cols: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ cols: fixed?.cols ?? stdout.columns ?? 80, rows: fixed?.rows ?? stdout.rows ?? 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (fixed?.cols && fixed?.rows) return;
    const on = () => setSize(read());
    stdout.on('resize', on);
    return () => {
      stdout.off('resize', on);
    };
  });
  return size;
}
