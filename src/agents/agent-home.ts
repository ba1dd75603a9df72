import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A home of its own for real agent CLIs that talk to the model stand-in
 * (the demo, the tests): git identity, Claude Code's onboarding flag,
 * Gemini's auth choice, a Codex model provider at the stand-in, and the
 * variables that point each CLI there. The user's ~/.claude, ~/.codex and
 * ~/.gemini are never read or written. Trust is left to Overseer's presets.
 */
export type AgentHome = { home: string; codexHome: string; env: Record<string, string> };

export type AgentHomeOptions = {
  /** Keep /tmp out of Codex's sandbox (tests: their towns live under /tmp, real ones do not). */
  sandboxWithoutTmp?: boolean;
};

function put(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

export function writeAgentHome(home: string, standinUrl: string, opts: AgentHomeOptions = {}): AgentHome {
  const codexHome = join(home, '.codex');
  put(join(home, '.gitconfig'), '[user]\n\tname = Polecat\n\temail = polecat@overseer.invalid\n');
  put(
    join(home, '.claude.json'),
    JSON.stringify({ hasCompletedOnboarding: true, autoUpdates: false, numStartups: 1 }, null, 2),
  );
  const gemini = {
    security: { auth: { selectedType: 'gemini-api-key' } },
    general: { disableAutoUpdate: true, disableUpdateNag: true },
    privacy: { usageStatisticsEnabled: false },
  };
  put(join(home, '.gemini', 'settings.json'), JSON.stringify(gemini, null, 2));
  const toml = [
    'model = "gpt-5-codex"',
    'model_provider = "standin"',
    'check_for_update_on_startup = false',
    '',
    '[model_providers.standin]',
    'name = "model stand-in"',
    `base_url = ${JSON.stringify(`${standinUrl}/v1`)}`,
    'wire_api = "responses"',
    'env_key = "STANDIN_API_KEY"',
    'request_max_retries = 1',
    'stream_max_retries = 1',
    '',
  ];
  if (opts.sandboxWithoutTmp)
    toml.push('[sandbox_workspace_write]', 'exclude_slash_tmp = true', 'exclude_tmpdir_env_var = true', '');
  put(join(codexHome, 'config.toml'), toml.join('\n'));
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
  };
  return { home, codexHome, env };
}
