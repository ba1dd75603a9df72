import { validateAgentsFile } from '../agents/presets.js';
import { validateChainsFile } from '../escalation/chains.js';
import { poolFindings } from '../polecats/pool.js';
import type { Runner } from '../runtime/runner.js';
import { validateDaemonSettingsFile } from '../town/daemon-settings.js';
import { validatePricesFile } from '../town/prices.js';
import { doctor, type DoctorChecks, type Finding } from '../town/doctor.js';
import { validateNotifyConfigFile } from '../daemon/notify/config.js';
import { pluginFindings } from '../town/plugins.js';

/**
 * The whole doctor: the town format's own checks plus those of the layers
 * above it (each feature's config file, the warm worktree pool).
 */
export function townChecks(runner: Runner): DoctorChecks {
  return {
    config: [
      { file: 'daemon.yaml', validate: validateDaemonSettingsFile },
      { file: 'chains.yaml', validate: validateChainsFile },
      { file: 'agents.yaml', validate: validateAgentsFile },
      { file: 'prices.yaml', validate: validatePricesFile },
      { file: 'notify.yaml', validate: validateNotifyConfigFile },
    ],
    rig: [(rp) => poolFindings(runner, rp), async (rp) => pluginFindings(rp)],
  };
}

export function townDoctor(
  runner: Runner,
  root: string,
  opts: { fix?: boolean; now?: number } = {},
): Promise<Finding[]> {
  return doctor(root, { ...opts, checks: townChecks(runner) });
}
