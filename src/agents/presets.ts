import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { OverseerError } from '../core/errors.js';
import { NAME_PATTERN } from '../core/names.js';
import { packageRoot } from '../core/package-root.js';
import { describeZodError } from '../core/zod-errors.js';
import { EnvMap, PermissionMode, permissionsSchema, trustSchema } from './preset-access.js';
import { FileMemo } from '../core/file-memo.js';
import { ANSWER_KEYS_HELP, answerKey } from '../runtime/answer-keys.js';

/**
 * Agent presets (config/agents.yaml): how to start an agent CLI and how to
 * read its state. Objects are strict so a misspelt field is an error that
 * names it instead of a setting silently ignored.
 */

export const PLACEHOLDERS = [
  'prompt',
  'prompt_file',
  'model',
  'worktree',
  'node',
  'scripted_agent',
  'repo',
  'git_roots',
  'overseer',
  'policy_file',
] as const;
/** Elements that are exactly one of these expand to a list (possibly empty). */
export const LIST_PLACEHOLDERS = ['{model_args}', '{permission_args}', '{trust_args}'] as const;
/** `{name}`, or `{name|json}` for the value as a JSON (and TOML) string or array. */
const PLACEHOLDER_RE = /\{([a-z_]+)(\|json)?\}/g;

const Argv = z.array(z.string().min(1, 'an argument may not be empty')).superRefine((argv, ctx) => {
  argv.forEach((arg, i) => {
    if ((LIST_PLACEHOLDERS as readonly string[]).includes(arg)) return;
    for (const m of arg.matchAll(PLACEHOLDER_RE)) {
      if (!(PLACEHOLDERS as readonly string[]).includes(m[1]!)) {
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `unknown placeholder {${m[1]}}; use one of ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')} or, alone, ${LIST_PLACEHOLDERS.join(', ')}`,
        });
      }
    }
  });
});

const Pattern = z.string().superRefine((s, ctx) => {
  try {
    new RegExp(s);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(e as Error).message}` });
  }
});

/** Patterns of the model errors the CLI shows, by kind: the polecat's state is then `error`. */
export const PresetErrorPatterns = z.strictObject({
  rate_limit: z.array(Pattern).default([]),
  overloaded: z.array(Pattern).default([]),
  auth: z.array(Pattern).default([]),
  network: z.array(Pattern).default([]),
});

export const PresetStateRules = z.strictObject({
  busy: z.array(Pattern).default([]),
  waiting: z.array(Pattern).default([]),
  errors: PresetErrorPatterns.optional(),
  /** The agent's empty input prompt, anywhere in the tail (TUIs draw status lines below it). */
  idle: z.array(Pattern).default([]),
  prompt_marker: z.string().min(1).optional(),
  tail_lines: z.number().int().min(1).max(200).default(8),
});

const AnswerKey = z.string().refine((k) => answerKey(k) !== undefined, {
  error: (i) => `unknown key ${JSON.stringify(i.input)}; use ${ANSWER_KEYS_HELP}`,
});

/** Key sequences that answer the agent's questions (`overseer answer`, the cockpit's approve/deny keys). */
export const PresetAnswers = z.strictObject({
  approve: z.array(AnswerKey).min(1).default(['Enter']),
  deny: z.array(AnswerKey).min(1).default(['Esc']),
});

export const AgentPreset = z.strictObject({
  description: z.string().optional(),
  command: Argv.refine((a) => a.length > 0, 'command needs at least the program'),
  model_args: Argv.default([]),
  default_model: z.string().min(1).optional(),
  env: EnvMap.default({}),
  /** What Overseer installs for this CLI: state hooks and, in auto mode, its allow list (see docs/agents.md). */
  hooks: z.enum(['claude', 'codex', 'gemini', 'none']).default('none'),
  permission_mode: PermissionMode.default('auto'),
  permissions: permissionsSchema(Argv).default({ ask: [], auto: [], full: [] }),
  /** Pre-trust polecat worktrees so no trust dialog stops a spawn (a rig may override). */
  pretrust: z.boolean().default(true),
  trust: trustSchema(Argv).default({ args: [], env: {}, claude_json: false }),
  /** Pass git's user identity as GIT_CONFIG_* variables (Gemini CLI hides the global git config from commands). */
  git_identity_env: z.boolean().default(false),
  state: PresetStateRules.default({ busy: [], waiting: [], idle: [], tail_lines: 8 }),
  answers: PresetAnswers.default({ approve: ['Enter'], deny: ['Esc'] }),
});
export type AgentPreset = z.infer<typeof AgentPreset>;

const PresetName = z.string().regex(NAME_PATTERN, 'expected a preset name of a-z, 0-9, - or _');

/** One agents.yaml file; every top-level setting is optional so a town file can override a few. */
export const AgentsFile = z.strictObject({
  version: z.literal(1),
  /** Moved: one stuck timer for the witness and the state derivation, daemon.yaml witness.stuck_after. */
  stuck_after_minutes: z
    .never({
      error:
        'moved to daemon.yaml witness.stuck_after (one stuck timer for the witness and the agent states); remove it here',
    })
    .optional(),
  attach: z.enum(['split', 'window']).optional(),
  /** Variables added to every agent session of the town (e.g. a model endpoint, a HOME for the agents). */
  env: EnvMap.default({}),
  presets: z.record(PresetName, AgentPreset).default({}),
});
export type AgentsFile = z.infer<typeof AgentsFile>;

export type AgentsConfig = {
  attach: 'split' | 'window';
  env: Record<string, string>;
  presets: Map<string, AgentPreset>;
  /** Files read, in order (the packaged defaults first). */
  files: string[];
};

export function packagedAgentsFile(): string {
  return join(packageRoot(), 'config', 'agents.yaml');
}

/** Validator for `doctor`: the message naming the file and field, or undefined. */
export function validateAgentsFile(path: string): string | undefined {
  try {
    parseAgentsFile(path, readFileSync(path, 'utf8'));
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Parse and validate one agents.yaml text; errors name the file and the field. */
export function parseAgentsFile(path: string, text: string): AgentsFile {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new OverseerError('bad-config', `${path}: not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  const r = AgentsFile.safeParse(raw ?? {});
  if (!r.success) throw new OverseerError('bad-config', `${path}: ${describeZodError(r.error)}`);
  return r.data;
}

/** A file unchanged since the last read is not parsed again (the daemon reads these every tick). */
const agentsFiles = new FileMemo<AgentsFile>();

function readAgentsFile(file: string): AgentsFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new OverseerError('bad-config', `${file}: cannot read (${(e as NodeJS.ErrnoException).code})`);
  }
  return parseAgentsFile(file, text);
}

/** The packaged presets, overridden by the town's config/agents.yaml if it has one. */
export function loadAgentsConfig(townConfigDir?: string): AgentsConfig {
  const files = [packagedAgentsFile()];
  if (townConfigDir) {
    const own = join(townConfigDir, 'agents.yaml');
    if (existsSync(own)) files.push(own);
  }
  const config: AgentsConfig = { attach: 'split', env: {}, presets: new Map(), files };
  for (const file of files) {
    const parsed = structuredClone(agentsFiles.get(file, () => readAgentsFile(file)));
    if (parsed.attach !== undefined) config.attach = parsed.attach;
    Object.assign(config.env, parsed.env);
    for (const [name, preset] of Object.entries(parsed.presets)) config.presets.set(name, preset);
  }
  return config;
}

export function getPreset(config: AgentsConfig, name: string): AgentPreset {
  const p = config.presets.get(name);
  if (!p) {
    throw new OverseerError(
      'unknown-preset',
      `unknown agent preset ${JSON.stringify(name)}; presets: ${[...config.presets.keys()].sort().join(', ')}`,
      { hint: `presets are defined in ${config.files.join(' and ')}` },
    );
  }
  return p;
}

export type CommandValues = {
  prompt: string;
  promptFile: string;
  worktree: string;
  model?: string;
  node?: string;
  scriptedAgent?: string;
  repo?: string;
  gitRoots?: string[];
  overseer?: string;
  policyFile?: string;
  /** Default: the preset's. */
  permissionMode?: PermissionMode;
  /** Default: the preset's. */
  pretrust?: boolean;
};

/**
 * The argv for a preset: placeholders substituted inside each element, never
 * joined into a string, so the prompt's text is one argument whatever it holds.
 */
export function agentArgv(preset: AgentPreset, v: CommandValues): string[] {
  const model = v.model ?? preset.default_model;
  const values: Record<string, string | string[] | undefined> = {
    prompt: v.prompt,
    prompt_file: v.promptFile,
    worktree: v.worktree,
    model,
    node: v.node ?? process.execPath,
    scripted_agent: v.scriptedAgent ?? join(packageRoot(), 'dist', 'scripted-agent.js'),
    repo: v.repo,
    git_roots: v.gitRoots,
    overseer: v.overseer,
    policy_file: v.policyFile,
  };
  // One pass over each template element: substituted values are never re-scanned.
  const sub = (arg: string) =>
    arg.replace(PLACEHOLDER_RE, (_whole, key: string, json?: string) => {
      const value = values[key];
      if (value === undefined) {
        throw new OverseerError(
          'bad-config',
          `preset argument ${JSON.stringify(arg)} needs a ${key} but none was given`,
        );
      }
      if (json) return JSON.stringify(value);
      return Array.isArray(value) ? value.join(' ') : value;
    });
  const lists: Record<string, string[]> = {
    '{model_args}': model !== undefined ? preset.model_args : [],
    '{permission_args}': preset.permissions[v.permissionMode ?? preset.permission_mode],
    '{trust_args}': (v.pretrust ?? preset.pretrust) ? preset.trust.args : [],
  };
  const out: string[] = [];
  for (const arg of preset.command) {
    const list = lists[arg];
    if (list) out.push(...list.map(sub));
    else out.push(sub(arg));
  }
  return out;
}
