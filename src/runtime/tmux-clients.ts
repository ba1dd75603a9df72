/** One client attached to a tmux server, with the pane it shows. */
export interface ClientInfo {
  /** The client's terminal device (the operator's terminal). */
  tty: string;
  termname: string;
  /** The client's current pane: writing a passthrough sequence to its tty reaches the terminal. */
  paneId: string;
  paneTty: string;
  /** The pane's allow-passthrough option is on. */
  passthrough: boolean;
}

const FIELDS = ['client_tty', 'client_termname', 'pane_id', 'pane_tty', 'allow-passthrough'];

export const CLIENT_FORMAT = FIELDS.map((f) => `#{${f}}`).join('\t');

export function parseClientList(out: string): ClientInfo[] {
  const clients: ClientInfo[] = [];
  for (const line of out.split('\n')) {
    const [tty, termname, paneId, paneTty, pass] = line.split('\t');
    if (!tty || !paneId || !paneTty) continue;
    clients.push({
      tty,
      termname: termname ?? '',
      paneId,
      paneTty,
      passthrough: pass === '1' || pass === 'on' || pass === 'all',
    });
  }
  return clients;
}
