import { git, gitEnv } from './git.js';

export type GitIdentity = { name?: string; email?: string };

/**
 * The user.name and user.email git would commit with in `cwd`, for an agent
 * whose HOME is `home` (its global config), or nothing where unset.
 */
export async function gitIdentity(cwd: string, home?: string): Promise<GitIdentity> {
  const g = git(cwd).env({ ...gitEnv(), ...(home ? { HOME: home } : {}) });
  const get = async (key: string) => {
    try {
      return (await g.raw(['config', '--get', key])).trim() || undefined;
    } catch {
      return undefined;
    }
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
