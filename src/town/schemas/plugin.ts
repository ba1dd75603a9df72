import { z } from 'zod';
import { Duration } from '../../core/duration.js';
import { Iso, Version } from './common.js';

/**
 * Plugins are agents (the seed's "plugins are just more agents"): a
 * directory <rig>/plugins/NAME/ with an instructions file and an optional
 * state.json is a plugin, reachable by mail at RIG/plugins/NAME. Its
 * plugin.json lists the hook points where the daemon consults it.
 */

export const HOOK_POINTS = ['before-merge', 'before-dispatch', 'worker-stuck', 'mr-ready'] as const;
export const HookPoint = z.enum(HOOK_POINTS);
export type HookPoint = z.infer<typeof HookPoint>;

export const PLUGIN_VERDICTS = ['proceed', 'hold', 'escalate'] as const;
export const Verdict = z.enum(PLUGIN_VERDICTS);
export type Verdict = z.infer<typeof Verdict>;

export const PLUGIN_INSTRUCTIONS = 'instructions.md';
export const PLUGIN_CONFIG = 'plugin.json';
export const PLUGIN_STATE = 'state.json';

/** <rig>/plugins/NAME/plugin.json (optional: a plugin without one answers mail but no hook point). */
export const PluginConfig = z.strictObject({
  version: Version.default(1),
  description: z.string().max(500).optional(),
  hooks: z.array(HookPoint).default([]),
  /** Agent preset of its session (default: the rig's default_agent). */
  agent: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'expected a preset name')
    .optional(),
  model: z.string().min(1).optional(),
  /** How long a hook point waits for the verdict before it proceeds without one. */
  timeout: Duration.default(120_000),
  /** Extra environment for its session. */
  env: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a variable name'), z.string())
    .default({}),
});
export type PluginConfig = z.infer<typeof PluginConfig>;

/** One consultation: the request mail, and what came of it. */
export const Invocation = z.looseObject({
  /** The request mail's id; verdicts reply to it. */
  id: z.string(),
  hook: HookPoint,
  /** What was asked about (queue, issue, polecat, request): one consultation per key. */
  key: z.string(),
  sent_at: Iso,
  deadline: Iso,
  status: z.enum(['pending', 'answered', 'timed-out']),
  verdict: Verdict.optional(),
  text: z.string().optional(),
  answered_at: Iso.optional(),
  /** Verdict mails already recorded (a plugin may hold, then proceed). */
  seen: z.array(z.string()).default([]),
});
export type Invocation = z.infer<typeof Invocation>;

/** <rig>/.runtime/plugins/NAME.json: the daemon's record of a plugin's consultations. */
export const PluginRuntime = z.looseObject({
  version: Version,
  rig: z.string(),
  name: z.string(),
  updated_at: Iso,
  invocations: z.array(Invocation).default([]),
});
export type PluginRuntime = z.infer<typeof PluginRuntime>;

/** The verdict a mail subject starts with ("hold: web-1 and web-2 rewrite the cart"), if any. */
export function verdictOf(subject: string): { verdict: Verdict; text: string } | undefined {
  const m = /^\s*(proceed|hold|escalate)\b[\s:—-]*(.*)$/i.exec(subject);
  if (!m) return undefined;
  return { verdict: m[1]!.toLowerCase() as Verdict, text: m[2]!.trim() };
}

export function pluginAddress(rig: string, name: string): string {
  return `${rig}/plugins/${name}`;
}

/** A plugin's tmux session: `ovp-<rig prefix>-<name>` (polecat sessions start `ov-`, so they never collide). */
export function pluginSession(rigPrefix: string, name: string): string {
  return `ovp-${rigPrefix}-${name}`;
}
