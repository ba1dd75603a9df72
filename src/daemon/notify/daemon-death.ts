import { errorMessage } from '../../core/errors.js';
import type { DaemonHeartbeat } from '../heartbeat.js';
import { daemonDiedItem } from './items.js';
import type { Notifier } from './notifier.js';

/**
 * The daemon dying is worth a notification. Two ways to notice: a daemon
 * that starts and finds its predecessor's heartbeat not marked `stopped`
 * (killed, out of memory, machine rebooted), and the daemon's own fatal
 * error, reported before the process exits.
 */
export async function reportPreviousDeath(
  notifier: Notifier,
  prev: DaemonHeartbeat | undefined,
  pid: number,
): Promise<boolean> {
  if (!prev || prev.state === 'stopped' || prev.pid === pid) return false;
  await notifier.addPending(
    daemonDiedItem(
      prev.pid,
      prev.at,
      `daemon pid ${prev.pid} stopped without a clean shutdown (last heartbeat ${prev.at}${prev.last_error ? `, last error: ${prev.last_error}` : ''}); daemon pid ${pid} took over`,
    ),
  );
  return true;
}

/** Report an uncaught error as the daemon dying, then exit. Returns the uninstaller. */
export function installFatalHandler(notifier: Notifier, log: (l: string) => void): () => void {
  let dying = false;
  const fatal = (e: unknown) => {
    if (dying) return;
    dying = true;
    log(`fatal: ${errorMessage(e)}`);
    const at = new Date().toISOString();
    const done = notifier
      .addPending(daemonDiedItem(process.pid, at, `daemon pid ${process.pid} crashed: ${errorMessage(e)}`))
      .then(() => notifier.sendPendingNow());
    const timeout = new Promise((r) => setTimeout(r, 20_000).unref());
    void Promise.race([done, timeout]).finally(() => process.exit(70));
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  return () => {
    process.off('uncaughtException', fatal);
    process.off('unhandledRejection', fatal);
  };
}
