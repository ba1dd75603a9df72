import type { GitRepo } from './git.js';

export type GitIdentity = { name?: string; email?: string };

/**
 * The user.name and user.email git would commit with in `repo`, for an agent
 * whose HOME is `home` (its global config), or nothing where unset.
 */
export async function gitIdentity(repo: GitRepo, home?: string): Promise<GitIdentity> {
  const get = async (key: string) => {
    const r = await repo.run(['config', '--get', key], home ? { HOME: home } : {});
    return r.code === 0 ? r.stdout.trim() || undefined : undefined;
  };
  const [name, email] = await Promise.all([get('user.name'), get('user.email')]);
  return { name, email };
}

/** The identity as GIT_CONFIG_* variables: git reads them even when its global config is hidden. */
export function identityEnv(id: GitIdentity): Record<string, string> {
  const pairs: [string, string][] = [];
  if (id.name !== undefined) pairs.push(['user.name', id.name]);
  if (id.email !== undefined) pairs.push(['user.email', id.email]);
  const env: Record<string, string> = { GIT_CONFIG_COUNT: String(pairs.length) };
  pairs.forEach(([k, v], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = k;
    env[`GIT_CONFIG_VALUE_${i}`] = v;
  });
  return pairs.length > 0 ? env : {};
}
