import type { OutpostLayout } from '../../town/outposts.js';
import type { OutpostConfig } from '../../town/schemas/outpost.js';
import type { RunOptions, RunResult } from '../runner.js';
import type { SshConnection } from './connection.js';

/**
 * What the pieces around SshRunner (setup on connect, the process table)
 * need of it: its names, its connection, a raw command over the master,
 * scp and the helper. Kept apart so they do not import the runner itself.
 */
export interface OutpostHost {
  readonly host: string;
  readonly config: OutpostConfig;
  readonly layout: OutpostLayout;
  readonly conn: SshConnection;
  readonly gatewaySocket: string;
  exec(line: string, opts?: Pick<RunOptions, 'input' | 'timeoutMs' | 'maxBuffer'>): Promise<RunResult>;
  copy(from: string, to: string): Promise<void>;
  helper<T>(sub: string, request: unknown, timeoutMs?: number): Promise<T>;
}
