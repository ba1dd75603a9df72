import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { GitRepo } from './git.js';

/**
 * Branch tips read straight from a repository's ref files (loose refs, then
 * packed-refs), without starting git: the merge oracle asks every daemon
 * tick whether a branch moved, and an idle town must not pay a git process
 * for that. packed-refs is re-parsed only when its size or mtime changes.
 * A repository using the reftable backend falls back to `git for-each-ref`.
 */
export class RefFiles {
  private packed = new Map<string, string>();
  private packedStamp = '';
  /** git processes started (the reftable fallback); the bench and tests count them. */
  gitCalls = 0;

  constructor(
    readonly gitDir: string,
    /** The repository, for the reftable fallback. */
    readonly repo?: GitRepo,
  ) {}

  /** The repository's git directory (`<repo>/.git` for a normal clone). */
  static of(repo: GitRepo): RefFiles {
    const dotGit = join(repo.dir, '.git');
    try {
      // A linked worktree or a separated git dir: `.git` is a file naming the real one.
      const m = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'));
      if (m) return new RefFiles(resolve(repo.dir, m[1]!.trim()), repo);
    } catch {
      /* a directory (the usual clone) */
    }
    return new RefFiles(dotGit, repo);
  }

  /** sha of each full ref name (`refs/heads/x`), undefined when absent. */
  async tips(refs: readonly string[]): Promise<Map<string, string | undefined>> {
    if (this.repo && existsSync(join(this.gitDir, 'reftable'))) return this.viaGit(this.repo, refs);
    this.loadPacked();
    const out = new Map<string, string | undefined>();
    for (const ref of refs) out.set(ref, this.loose(ref, 0) ?? this.packed.get(ref));
    return out;
  }

  private loose(ref: string, depth: number): string | undefined {
    let text: string;
    try {
      text = readFileSync(join(this.gitDir, ref), 'utf8').trim();
    } catch {
      return undefined;
    }
    if (/^[0-9a-f]{40,64}$/.test(text)) return text;
    const sym = /^ref: (refs\/\S+)$/.exec(text);
    if (sym && depth < 5) return this.loose(sym[1]!, depth + 1) ?? this.packed.get(sym[1]!);
    return undefined;
  }

  private loadPacked(): void {
    const file = join(this.gitDir, 'packed-refs');
    let stamp = 'none';
    try {
      const st = statSync(file);
      stamp = `${st.size}:${st.mtimeMs}:${st.ino}`;
    } catch {
      /* no packed refs */
    }
    if (stamp === this.packedStamp) return;
    this.packedStamp = stamp;
    this.packed = new Map();
    if (stamp === 'none') return;
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return;
    }
    for (const line of text.split('\n')) {
      if (line === '' || line.startsWith('#') || line.startsWith('^')) continue;
      const sp = line.indexOf(' ');
      if (sp > 0) this.packed.set(line.slice(sp + 1), line.slice(0, sp));
    }
  }

  private async viaGit(repo: GitRepo, refs: readonly string[]): Promise<Map<string, string | undefined>> {
    this.gitCalls++;
    const text = await repo.ok(
      ['for-each-ref', '--format=%(objectname) %(refname)', ...refs],
      'cannot read refs',
    );
    const found = new Map<string, string>();
    for (const line of text.split('\n')) {
      const sp = line.indexOf(' ');
      if (sp > 0) found.set(line.slice(sp + 1), line.slice(0, sp));
    }
    return new Map(refs.map((r) => [r, found.get(r)]));
  }
}
