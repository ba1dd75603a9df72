import { z } from 'zod';
import { Duration } from '../../core/duration.js';
import { Iso, Name, Version } from './common.js';

/** The host this town runs on; never the name of an outpost. */
export const LOCAL_HOST = 'local';

const HOST = /^[A-Za-z0-9][A-Za-z0-9.:_-]{0,252}$/;
const USER = /^[a-z_][a-z0-9_.-]{0,31}$/i;
/** An absolute path without whitespace, quotes or shell characters: it is named on the remote command line. */
const REMOTE_PATH = /^\/[A-Za-z0-9._/+@-]{0,200}$/;
/** A mount for the container wrapper: HOST_PATH:CONTAINER_PATH[:ro|rw]. */
const MOUNT = /^\/[A-Za-z0-9._/+@-]*:\/[A-Za-z0-9._/+@-]*(:(ro|rw))?$/;

const OutpostName = Name.refine((n) => n !== LOCAL_HOST, { message: `"${LOCAL_HOST}" is this machine` });

/** Run the agent inside a container on the outpost (docker or podman), the worktree mounted at the same path. */
export const ContainerSpec = z.looseObject({
  engine: z.enum(['docker', 'podman']),
  image: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/:@-]{0,200}$/, 'expected an image reference'),
  mounts: z.array(z.string().regex(MOUNT, 'expected HOST_PATH:CONTAINER_PATH[:ro|rw]')).default([]),
});
export type ContainerSpec = z.infer<typeof ContainerSpec>;

/** One outpost of config/outposts.yaml: a host reached with OpenSSH. */
export const OutpostConfig = z.looseObject({
  name: OutpostName,
  type: z.literal('ssh'),
  host: z.string().regex(HOST, 'expected a host name or address'),
  user: z.string().regex(USER, 'expected a user name').optional(),
  port: z.number().int().min(1).max(65535).optional(),
  /** Private key for this outpost (IdentitiesOnly); default: ssh's own choice. */
  identity_file: z.string().min(1).optional(),
  /** The known_hosts file the host key is checked against; default ssh's (~/.ssh/known_hosts). */
  known_hosts: z.string().min(1).optional(),
  /** An ssh_config file, or "none" for none; default the user's ~/.ssh/config. */
  ssh_config: z.string().min(1).optional(),
  /** The directory Overseer may use on the outpost (mirrors, worktrees, its helper). */
  dir: z.string().regex(REMOTE_PATH, 'expected an absolute path of letters, digits and ._/+@-'),
  max_workers: z.number().int().min(0).max(200).default(4),
  container: ContainerSpec.optional(),
  /** Give up connecting after this long. */
  connect_timeout: Duration.default(5000),
  /** Keep-alive probe interval; the link counts as lost after three unanswered probes. */
  keepalive: Duration.default(5000),
  /** Longest wait between two reconnect attempts (backoff doubles up to it). */
  max_backoff: Duration.default(30_000),
  /** TCP ports of this machine offered on the outpost over the connection (`ssh -R`), e.g. "127.0.0.1:8080:127.0.0.1:8080". */
  remote_forwards: z
    .array(
      z
        .string()
        .regex(/^(\d{1,3}(\.\d{1,3}){3}:)?\d{1,5}:[A-Za-z0-9.-]+:\d{1,5}$/, 'expected [BIND:]PORT:HOST:PORT'),
    )
    .default([]),
  /**
   * Variables for the agents on this outpost, over config/agents.yaml's `env`: its own HOME for the
   * agent CLIs there, a model endpoint reached through a `remote_forwards` port. PATH here replaces
   * the host's PATH (the town's PATH names this machine's directories and is not used there).
   */
  env: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a variable name'), z.string())
    .default({}),
});
export type OutpostConfig = z.infer<typeof OutpostConfig>;

/** <town>/config/outposts.yaml */
export const OutpostsFile = z
  .looseObject({
    version: Version.default(1),
    outposts: z.array(OutpostConfig).default([]),
    policy: z
      .looseObject({
        /** Where new polecats go, in order: `local` and outpost names. */
        preference: z.array(Name).default([LOCAL_HOST]),
      })
      .default({ preference: [LOCAL_HOST] }),
  })
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.outposts.forEach((o, i) => {
      if (seen.has(o.name))
        ctx.addIssue({
          code: 'custom',
          path: ['outposts', i, 'name'],
          message: `duplicate outpost ${o.name}`,
        });
      seen.add(o.name);
    });
    f.policy.preference.forEach((n, i) => {
      if (n !== LOCAL_HOST && !seen.has(n))
        ctx.addIssue({
          code: 'custom',
          path: ['policy', 'preference', i],
          message: `no outpost named ${JSON.stringify(n)} (known: ${[LOCAL_HOST, ...seen].join(', ')})`,
        });
    });
  });
export type OutpostsFile = z.infer<typeof OutpostsFile>;

/**
 * <town>/.runtime/outposts/<name>.json, written by whoever talks to the
 * outpost (the daemon each tick): reachable or stale since when, latency,
 * slots. The cockpit and `outpost list` read it.
 */
export const OutpostStatus = z.looseObject({
  version: Version,
  name: Name,
  reachable: z.boolean(),
  /** When it last answered. */
  last_ok_at: Iso.optional(),
  /** Unreachable since (the first failure after the last answer). */
  stale_since: Iso.optional(),
  /** The last round trip, ms. */
  latency_ms: z.number().nonnegative().optional(),
  error: z.string().optional(),
  /** Next reconnect attempt not before (backoff). */
  retry_at: Iso.optional(),
  failures: z.number().int().nonnegative().default(0),
  slots_used: z.number().int().nonnegative().default(0),
  max_workers: z.number().int().nonnegative().default(0),
  /** The host's load, memory and free disk at the last answer. */
  host: z
    .looseObject({
      load1: z.number().nonnegative(),
      load5: z.number().nonnegative(),
      load15: z.number().nonnegative(),
      cpus: z.number().int().nonnegative(),
      mem_total_bytes: z.number().nonnegative(),
      mem_avail_bytes: z.number().nonnegative(),
      disk_free_bytes: z.number().nonnegative().optional(),
      disk_total_bytes: z.number().nonnegative().optional(),
    })
    .optional(),
  /** CPU and memory of each polecat's process tree there (`RIG/NAME`), at the last answer. */
  polecats: z
    .record(
      z.string(),
      z.looseObject({
        born: Iso,
        procs: z.number().int().nonnegative(),
        cpu_pct: z.number().nonnegative(),
        rss_bytes: z.number().nonnegative(),
      }),
    )
    .optional(),
  updated_at: Iso,
});
export type OutpostStatus = z.infer<typeof OutpostStatus>;
