import { z } from 'zod';

/**
 * What a preset may do without asking, and how its polecat worktrees get
 * trusted: the parts of a preset that decide whether a spawn reaches work
 * without a key press. A rig can override the mode and the trust option
 * (config.json `permission_mode`, `pretrust`).
 */

/**
 * ask: the CLI's own defaults (asks before edits and commands, Overseer's
 * included). auto (default): edits in the worktree, git add/commit and
 * Overseer's own commands go without asking; anything else asks. full: the
 * CLI's bypass mode, nothing asks.
 */
export const PERMISSION_MODES = ['ask', 'auto', 'full'] as const;
export const PermissionMode = z.enum(PERMISSION_MODES);
export type PermissionMode = z.infer<typeof PermissionMode>;

export const EnvMap = z.record(
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name'),
  z.string(),
);

/** The argv inserted at {permission_args} for each mode. */
export const permissionsSchema = (argv: z.ZodType<string[]>) =>
  z.strictObject({ ask: argv.default([]), auto: argv.default([]), full: argv.default([]) });

/** How a preset pre-trusts polecat worktrees when `pretrust` is on. */
export const trustSchema = (argv: z.ZodType<string[]>) =>
  z.strictObject({
    /** Inserted at {trust_args}. */
    args: argv.default([]),
    /** Added to the session's environment. */
    env: EnvMap.default({}),
    /**
     * Claude Code: trust the rig's polecats directory in the agent's
     * ~/.claude.json (under Claude's own lock), once; it covers every worktree below.
     */
    claude_json: z.boolean().default(false),
  });
