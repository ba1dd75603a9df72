export interface FuzzyMatch {
  readonly score: number;
  /** Code-point indices of the matched characters in the text. */
  readonly positions: readonly number[];
}

const BOUNDARY = /[\s._\-/:]/;

/**
 * Subsequence match, case-insensitive. Scores consecutive runs, word starts
 * and an early first match higher. Undefined when `query` is not a
 * subsequence of `text`. O(text length).
 */
export function fuzzyMatch(query: string, text: string): FuzzyMatch | undefined {
  const q = Array.from(query.toLowerCase()).filter((c) => c !== ' ');
  if (q.length === 0) return { score: 0, positions: [] };
  const t = Array.from(text);
  const lower = t.map((c) => c.toLowerCase());
  const positions: number[] = [];
  let score = 0;
  let qi = 0;
  let prev = -2;
  for (let i = 0; i < lower.length && qi < q.length; i++) {
    if (lower[i] !== q[qi]) continue;
    let s = 1;
    if (i === prev + 1) s += 5;
    if (i === 0 || BOUNDARY.test(t[i - 1]!)) s += 8;
    if (positions.length === 0) s -= Math.min(5, i * 0.1);
    score += s;
    positions.push(i);
    prev = i;
    qi++;
  }
  if (qi < q.length) return undefined;
  return { score, positions };
}

export interface FuzzyResult<T> extends FuzzyMatch {
  readonly item: T;
  readonly index: number;
}

/** Matching items, best first; ties keep input order. An empty query keeps everything in order. */
export function fuzzyFilter<T>(
  items: readonly T[],
  query: string,
  text: (item: T) => string,
): FuzzyResult<T>[] {
  const out: FuzzyResult<T>[] = [];
  items.forEach((item, index) => {
    const m = fuzzyMatch(query, text(item));
    if (m) out.push({ item, index, ...m });
  });
  return query.trim() === '' ? out : out.sort((a, b) => b.score - a.score || a.index - b.index);
}
