import { validateAgentsFile } from '../agents/presets.js';
import { validateNotifyConfigFile } from '../daemon/notify/config.js';
import { validateDaemonSettingsFile } from '../daemon/settings.js';
import { validateChainsFile } from '../escalation/chains.js';

/**
 * Validators for the operator-edited files in <town>/config/, so `doctor`
 * checks them too. Each returns a message naming the file and field, or
 * undefined when the file is fine. Features register theirs here.
 */
export type ConfigValidator = { file: string; validate: (path: string) => string | undefined };

export const configValidators: ConfigValidator[] = [];

configValidators.push(
  { file: 'daemon.yaml', validate: validateDaemonSettingsFile },
  { file: 'chains.yaml', validate: validateChainsFile },
  { file: 'agents.yaml', validate: validateAgentsFile },
  { file: 'notify.yaml', validate: validateNotifyConfigFile },
);
