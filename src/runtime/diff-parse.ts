import type { FileChange } from '../town/schemas/oracle.js';

/**
 * Reads git's own patch format (`git diff -U0 -M --src-prefix=a/
 * --dst-prefix=b/`) into the files a branch changes and the hunks of each on
 * the base side. Only what the merge oracle needs: status (added, modified,
 * deleted, renamed), binary, hunk ranges and line counts. Git's extended
 * headers (rename from/to, new/deleted file mode, Binary files) and its
 * C-quoted paths are understood, which general unified-diff parsers miss.
 */

type Draft = {
  header: string;
  status: FileChange['status'];
  from?: string;
  to?: string;
  renameFrom?: string;
  renameTo?: string;
  binary: boolean;
  hunks: [number, number][];
  added: number;
  removed: number;
  inHunk: boolean;
};

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export function parseGitPatch(text: string): FileChange[] {
  const out: FileChange[] = [];
  let cur: Draft | undefined;
  const flush = () => {
    if (cur) {
      const f = finish(cur);
      if (f) out.push(f);
    }
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('diff --git ')) {
      flush();
      cur = {
        header: line.slice('diff --git '.length),
        status: 'modified',
        binary: false,
        hunks: [],
        added: 0,
        removed: 0,
        inHunk: false,
      };
      continue;
    }
    if (!cur) continue;
    if (line.startsWith('@@')) {
      const m = HUNK.exec(line);
      if (m) {
        cur.hunks.push([Number(m[1]), m[2] === undefined ? 1 : Number(m[2])]);
        cur.inHunk = true;
      }
      continue;
    }
    if (cur.inHunk) {
      // Inside hunks every line starts with '+', '-', ' ' or '\': a header never appears here.
      if (line.startsWith('+')) cur.added++;
      else if (line.startsWith('-')) cur.removed++;
      continue;
    }
    if (line.startsWith('new file mode')) cur.status = 'added';
    else if (line.startsWith('deleted file mode')) cur.status = 'deleted';
    else if (line.startsWith('rename from ')) {
      cur.renameFrom = unquote(line.slice('rename from '.length));
      cur.status = 'renamed';
    } else if (line.startsWith('rename to ')) {
      cur.renameTo = unquote(line.slice('rename to '.length));
      cur.status = 'renamed';
    } else if (line.startsWith('--- ')) cur.from = sidePath(line.slice(4), 'a/');
    else if (line.startsWith('+++ ')) cur.to = sidePath(line.slice(4), 'b/');
    else if (line.startsWith('Binary files ') || line === 'GIT binary patch') cur.binary = true;
  }
  flush();
  return out;
}

function finish(d: Draft): FileChange | undefined {
  let path: string | undefined;
  let oldPath: string | undefined;
  if (d.status === 'renamed') {
    path = d.renameTo;
    oldPath = d.renameFrom;
  } else if (d.status === 'deleted') path = d.from ?? headerPaths(d.header)?.[0];
  else path = d.to ?? headerPaths(d.header)?.[1];
  if (!path) return undefined;
  return {
    path,
    ...(oldPath && oldPath !== path ? { old_path: oldPath } : {}),
    status: d.status,
    ...(d.binary ? { binary: true } : {}),
    hunks: d.hunks,
    added: d.added,
    removed: d.removed,
  };
}

/** A `---`/`+++` path: /dev/null is none; git appends a tab after names holding spaces. */
function sidePath(raw: string, prefix: string): string | undefined {
  const s = raw.endsWith('\t') ? raw.slice(0, -1) : raw;
  if (s === '/dev/null') return undefined;
  const p = unquote(s);
  return p.startsWith(prefix) ? p.slice(prefix.length) : p;
}

/** The two paths of a `diff --git a/X b/Y` header (used when no ---/+++ lines follow: binary, mode only). */
function headerPaths(header: string): [string, string] | undefined {
  if (header.startsWith('"')) {
    const end = quotedEnd(header);
    const a = unquote(header.slice(0, end));
    const b = unquote(header.slice(end + 1));
    return [strip(a, 'a/'), strip(b, 'b/')];
  }
  // Unquoted: both halves name the same file unless renamed (renames have their own lines).
  const half = (header.length - 1) / 2;
  if (Number.isInteger(half) && header[half] === ' ') {
    return [strip(header.slice(0, half), 'a/'), strip(header.slice(half + 1), 'b/')];
  }
  const i = header.indexOf(' b/');
  return i < 0 ? undefined : [strip(header.slice(0, i), 'a/'), strip(unquote(header.slice(i + 1)), 'b/')];
}

const strip = (s: string, prefix: string) => (s.startsWith(prefix) ? s.slice(prefix.length) : s);

function quotedEnd(s: string): number {
  for (let i = 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i + 1;
  }
  return s.length;
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** Undo git's C-style path quoting ("a\tb", octal escapes for bytes of UTF-8). */
export function unquote(s: string): string {
  if (!(s.length >= 2 && s.startsWith('"') && s.endsWith('"'))) return s;
  const bytes: number[] = [];
  const body = s.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const n = body[i + 1] ?? '';
    if (/[0-7]/.test(n)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(ESCAPES[n] ?? n.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
