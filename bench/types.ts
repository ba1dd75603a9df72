/** One measured figure. `aim` is the target from the issue, as text (e.g. "< 100 ms"). */
export type BenchRow = {
  group: string;
  name: string;
  value: number;
  unit: string;
  aim?: string;
  ok?: boolean;
};

export type BenchSuite = { name: string; run: () => Promise<BenchRow[]> };

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}
