import type { ContainerSpec } from '../../town/schemas/outpost.js';

/** The PATH inside the container after the helper's `overseer`: the image's usual directories. */
export const CONTAINER_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export type ContainerRun = {
  /** The container's name: `ov-<session>`, so it can be found and removed with its session. */
  session: string;
  /** The polecat's worktree: mounted by way of `dir` and the working directory in there. */
  worktree: string;
  /** The outpost's `dir` (helper, mirrors, worktrees, spool, gateway socket): mounted at the same path. */
  dir: string;
  /** The host's node (the helper's `overseer` runs it): mounted read-only at the same path. */
  node?: string;
  /** `UID:GID` of the SSH user, so files written in the worktree stay theirs. */
  user?: string;
  /** The directory of the helper's `overseer`, first on the container's PATH. */
  shimDir: string;
  /** Names of the variables handed into the container; their values come from the session's environment (never argv). */
  envNames: string[];
  /** Set inside the container by env(1) (no secrets: PATH and the agent's mark). */
  envSet: Record<string, string>;
  /** The agent's own command. */
  argv: string[];
};

/**
 * Variables that describe the host's shell, not the agent: not handed into the container. HOME is
 * handed in (an agent's own throwaway HOME is set there); outside `dir` it needs a mount.
 */
const HOST_ONLY = new Set(['PATH', 'TMUX', 'TMUX_PANE', 'PWD', 'OLDPWD', 'SHLVL', '_']);

const NAME_CHARS = /[^A-Za-z0-9_.-]/g;

/**
 * The command that runs an agent inside a container on its outpost
 * (`docker run` or `podman run`): removed when it ends, an init reaping its
 * children, the host's network (the call gateway and `remote_forwards` are
 * on its loopback), the SSH user's uid, the outpost's directory and the
 * operator's `mounts`, the worktree as working directory, the session's
 * variables passed by name. Pure: argv in, argv out (never a shell line).
 */
export function containerCommand(spec: ContainerSpec, run: ContainerRun): string[] {
  const mounts = [
    `${run.dir}:${run.dir}:rw`,
    ...(run.node ? [`${run.node}:${run.node}:ro`] : []),
    ...spec.mounts,
  ];
  const names = [...new Set(run.envNames)]
    .filter((n) => !HOST_ONLY.has(n) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(n))
    .sort();
  return [
    spec.engine,
    'run',
    '--rm',
    '--interactive',
    '--tty',
    '--init',
    '--name',
    containerName(run.session),
    '--network',
    'host',
    ...(run.user ? ['--user', run.user] : []),
    '--workdir',
    run.worktree,
    ...mounts.flatMap((m) => ['--volume', m]),
    ...names.flatMap((n) => ['--env', n]),
    spec.image,
    'env',
    `PATH=${run.shimDir}:${CONTAINER_PATH}`,
    ...Object.entries(run.envSet)
      .filter(([k]) => k !== 'PATH')
      .map(([k, v]) => `${k}=${v}`),
    ...run.argv,
  ];
}

/** The container of a session: `ov-<session>` in the characters engines accept. */
export function containerName(session: string): string {
  return `ov-${session.replace(NAME_CHARS, '_')}`;
}

/** Remove a session's container, running or not (after its session ended): `ENGINE rm --force NAME`. */
export function containerRemoveCommand(spec: ContainerSpec, session: string): string[] {
  return [spec.engine, 'rm', '--force', containerName(session)];
}
