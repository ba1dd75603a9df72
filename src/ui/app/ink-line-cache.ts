import { loadInkOutput } from './ink-output.js';

type StyledChars = unknown[];
type Caches = { getStyledChars(line: string): StyledChars };
type OutputLike = { caches: Caches; get(): unknown };
type OutputClass = new (o: { width: number; height: number }) => OutputLike;

let installed: Promise<boolean> | undefined;

/**
 * Ink draws every frame into a fresh `Output`, whose cache of parsed lines
 * (each line's text split into styled cells) starts empty: a 200x50 cockpit
 * re-parses every line of the screen on every frame although almost all of
 * them are unchanged. This keeps the parsed lines of the previous frame and
 * hands them to the next one (a two-frame cache: it never holds more than
 * two screens). The parsed cells are only read by Ink, never changed, so
 * sharing them across frames draws exactly the same bytes.
 *
 * It reaches into Ink's build (`build/output.js`, not a public export): if
 * the shape is not what this expects (another Ink version), it does nothing
 * and resolves false, and Ink works as before.
 */
export function installInkLineCache(): Promise<boolean> {
  installed ??= (async () => {
    try {
      const mod = (await loadInkOutput()) as { default?: OutputClass };
      const Output = mod.default;
      if (typeof Output !== 'function') return false;
      const probe = new Output({ width: 0, height: 0 });
      const cachesProto = Object.getPrototypeOf(probe.caches ?? null) as Caches | null;
      const outputProto = Output.prototype as OutputLike;
      if (!cachesProto || typeof cachesProto.getStyledChars !== 'function') return false;
      if (typeof outputProto.get !== 'function') return false;
      const parse = cachesProto.getStyledChars;
      const get = outputProto.get;
      let current = new Map<string, StyledChars>();
      let previous = new Map<string, StyledChars>();
      cachesProto.getStyledChars = function (this: Caches, line: string): StyledChars {
        let chars = current.get(line);
        if (chars === undefined) {
          chars = previous.get(line) ?? parse.call(this, line);
          current.set(line, chars);
        }
        return chars;
      };
      outputProto.get = function (this: OutputLike): unknown {
        try {
          return get.call(this);
        } finally {
          previous = current;
          current = new Map();
        }
      };
      return true;
    } catch {
      return false;
    }
  })();
  return installed;
}
