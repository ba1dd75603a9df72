import { z } from 'zod';
import { OverseerError } from '../../core/errors.js';
import { Version } from '../../town/schemas/common.js';
import type { TownPaths } from '../../town/paths.js';
import { Duration } from '../../core/duration.js';
import { readYamlConfig, tryReadYamlConfig } from '../../core/yaml-config.js';

export const NOTIFY_CONFIG_FILE = 'notify.yaml';

/** What can be notified: the attention kinds, an exhausted chain, and the daemon dying. */
export const NOTIFY_KINDS = [
  'waiting',
  'error',
  'stuck',
  'dead',
  'conflict',
  'failed',
  'escalated',
  'overlap',
  'exhausted',
  'daemon-died',
] as const;
export const NotifyKind = z.enum(NOTIFY_KINDS);
export type NotifyKind = z.infer<typeof NotifyKind>;

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day like "22:00"');

/** Quiet hours: notifications are held from `from` to `to` (may cross midnight), then sent if still open. */
export const QuietHours = z.strictObject({
  from: HHMM,
  to: HHMM,
  /** IANA zone, e.g. "Europe/Berlin"; default the daemon's local time. */
  timezone: z
    .string()
    .refine((tz) => validZone(tz), { message: 'expected an IANA time zone such as "Europe/Berlin"' })
    .optional(),
});
export type QuietHours = z.infer<typeof QuietHours>;

export const RateLimit = z.strictObject({
  /** At most `max` notifications per `per` on one channel; the rest wait for room. */
  max: z.number().int().min(1).max(1000),
  per: Duration,
});
export type RateLimit = z.infer<typeof RateLimit>;

const common = {
  /** A name for logs and `notify test`; default: the type (plus a number when repeated). */
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'expected a short name of a-z, 0-9, - and _')
    .optional(),
  /** Which kinds go to this channel (default: all). */
  events: z.array(NotifyKind).min(1).optional(),
  rate_limit: RateLimit.optional(),
  /** `false`: this channel ignores the town's quiet hours; an object: its own. */
  quiet_hours: z.union([z.literal(false), QuietHours]).optional(),
};

const Argv = z.array(z.string().min(1)).min(1);

export const Channel = z.discriminatedUnion('type', [
  /** The cockpit rings the terminal bell and marks the item (the daemon has no terminal). */
  z.strictObject({ type: z.literal('bell'), ...common }),
  /** OSC 9 / OSC 777 through tmux passthrough to the operator's terminal, else notify-send. */
  z.strictObject({
    type: z.literal('desktop'),
    method: z.enum(['auto', 'osc9', 'osc777', 'notify-send']).default('auto'),
    /** tmux servers whose attached clients get the OSC: "town" (the agents' server) and/or socket names. */
    tmux: z.array(z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/)).default(['town', 'default']),
    ...common,
  }),
  z.strictObject({
    type: z.literal('webhook'),
    url: z.url({ protocol: /^https?$/ }),
    template: z.enum(['json', 'ntfy', 'slack', 'discord']).default('json'),
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/), z.string().max(2000)).default({}),
    timeout: Duration.default(5000),
    retries: z.number().int().min(0).max(10).default(2),
    ...common,
  }),
  /** Runs a program (argv, never a shell) with the event as JSON on stdin. */
  z.strictObject({
    type: z.literal('command'),
    command: Argv,
    timeout: Duration.default(10_000),
    retries: z.number().int().min(0).max(10).default(0),
    ...common,
  }),
]);
export type Channel = z.infer<typeof Channel>;
export type ChannelType = Channel['type'];

/** <town>/config/notify.yaml */
export const NotifyConfigFile = z.looseObject({
  version: Version.default(1),
  enabled: z.boolean().default(true),
  quiet_hours: QuietHours.optional(),
  /** Default for every channel without its own. */
  rate_limit: RateLimit.default({ max: 10, per: 600_000 }),
  channels: z
    .array(Channel)
    .max(20)
    .default([{ type: 'bell' }]),
});

/** A channel with its name and effective limits resolved. */
export type ResolvedChannel = Channel & {
  name: string;
  rateLimit: RateLimit;
  quiet?: QuietHours;
  kinds: ReadonlySet<NotifyKind>;
};

export type NotifyConfig = { enabled: boolean; channels: ResolvedChannel[] };

export function resolveNotifyConfig(raw: z.infer<typeof NotifyConfigFile>): NotifyConfig {
  const seen = new Map<string, number>();
  const channels = raw.channels.map((c): ResolvedChannel => {
    const base = c.name ?? c.type;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const quiet = c.quiet_hours === false ? undefined : (c.quiet_hours ?? raw.quiet_hours);
    return {
      ...c,
      name: c.name ?? (n === 1 ? base : `${base}${n}`),
      rateLimit: c.rate_limit ?? raw.rate_limit,
      ...(quiet ? { quiet } : {}),
      kinds: new Set(c.events ?? NOTIFY_KINDS),
    };
  });
  return { enabled: raw.enabled, channels };
}

export function loadNotifyConfig(paths: TownPaths): NotifyConfig {
  const file = paths.configFile(NOTIFY_CONFIG_FILE);
  const config = resolveNotifyConfig(readYamlConfig(file, NotifyConfigFile));
  const dup = duplicateName(config);
  if (dup) throw new OverseerError('bad-config', `${file}: two channels are named ${JSON.stringify(dup)}`);
  return config;
}

export function validateNotifyConfigFile(path: string): string | undefined {
  const r = tryReadYamlConfig(path, NotifyConfigFile);
  if (!r.ok) return r.message;
  const dup = duplicateName(resolveNotifyConfig(r.value));
  return dup ? `${path}: two channels are named ${JSON.stringify(dup)}` : undefined;
}

function duplicateName(c: NotifyConfig): string | undefined {
  const names = c.channels.map((ch) => ch.name);
  return names.find((n, i) => names.indexOf(n) !== i);
}

function validZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
