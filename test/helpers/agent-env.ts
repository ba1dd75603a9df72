import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify as yaml } from 'yaml';
import { cliBin } from '../../scripts/agent-clis.mjs';

export const REAL_CLIS = ['claude', 'codex', 'gemini'] as const;
export type RealCli = (typeof REAL_CLIS)[number];

/**
 * A throwaway home for the real agent CLIs, pointed at a model stand-in:
 * HOME (git identity, Claude Code's onboarding flag, Gemini's auth choice),
 * CODEX_HOME (a model provider at the stand-in), the XDG directories, and
 * PATH holding the pinned CLIs. Nothing here reads or writes the real
 * ~/.claude, ~/.codex or ~/.gemini. Trust is left to Overseer's presets.
 */
export type AgentEnv = {
  home: string;
  codexHome: string;
  /** Variables for every agent session (config/agents.yaml `env`). */
  env: Record<string, string>;
};

export function agentEnv(dir: string, standinUrl: string): AgentEnv {
  const home = join(dir, 'agent-home');
  const codexHome = join(home, '.codex');
  const put = (path: string, text: string) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  };
  put(join(home, '.gitconfig'), '[user]\n\tname = Polecat\n\temail = polecat@overseer.invalid\n');
  put(
    join(home, '.claude.json'),
    JSON.stringify({ hasCompletedOnboarding: true, autoUpdates: false, numStartups: 1 }, null, 2),
  );
  put(
    join(home, '.gemini', 'settings.json'),
    JSON.stringify(
      {
        security: { auth: { selectedType: 'gemini-api-key' } },
        general: { disableAutoUpdate: true, disableUpdateNag: true },
        privacy: { usageStatisticsEnabled: false },
      },
      null,
      2,
    ),
  );
  put(
    join(codexHome, 'config.toml'),
    [
      'model = "gpt-5-codex"',
      'model_provider = "standin"',
      'check_for_update_on_startup = false',
      '',
      '[model_providers.standin]',
      'name = "model stand-in"',
      `base_url = "${standinUrl}/v1"`,
      'wire_api = "responses"',
      'env_key = "STANDIN_API_KEY"',
      'request_max_retries = 1',
      'stream_max_retries = 1',
      '',
      // The town lives under /tmp here; a real one does not. Keep /tmp out of the
      // sandbox so a test proves Overseer's commands work without it.
      '[sandbox_workspace_write]',
      'exclude_slash_tmp = true',
      'exclude_tmpdir_env_var = true',
      '',
    ].join('\n'),
  );
  const bins = REAL_CLIS.map((c) => dirname(cliBin(c)));
  const env: Record<string, string> = {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    CODEX_HOME: codexHome,
    STANDIN_API_KEY: 'stand-in',
    ANTHROPIC_BASE_URL: standinUrl,
    ANTHROPIC_AUTH_TOKEN: 'stand-in',
    DISABLE_AUTOUPDATER: '1',
    GEMINI_API_KEY: 'stand-in',
    GOOGLE_GEMINI_BASE_URL: standinUrl,
    PATH: [...bins, process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin'].join(':'),
  };
  return { home, codexHome, env };
}

/** config/agents.yaml for a town whose agents use this environment (presets: the packaged ones). */
export function agentsYaml(env: AgentEnv, extra: Record<string, unknown> = {}): string {
  return yaml({ version: 1, env: env.env, ...extra });
}
