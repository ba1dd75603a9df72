import { Text } from 'ink';
import { relative } from 'node:path';
import { formatAge } from '../../core/time.js';
import { textWidth, truncate } from '../components/textFit.js';
import {
  mqSummary,
  outpostSummaries,
  selectHeader,
  stateSummary,
  type HeaderInfo,
} from '../selectors/header.js';
import { shortCount } from '../../town/polecat-figures.js';
import type { StoreSnapshot } from '../../store/types.js';
import { textStyle, useTheme } from '../theme/index.js';

export interface HeaderProps {
  readonly snap: StoreSnapshot;
  readonly now: number;
  readonly width: number;
  /** "2:Polecats": shown when there is room (the pane's border names it too). */
  readonly focusedTitle: string;
}

function daemonText(h: HeaderInfo, now: number): string {
  // With a state probe: off means the cockpit works the states out itself; stale says since when.
  if (h.view?.status === 'off') return 'daemon off: states from tmux';
  if (h.view?.status === 'stale')
    return `daemon STALE ${h.heartbeatAt === undefined ? '(never ticked)' : formatAge(Math.max(0, now - h.heartbeatAt))}`;
  if (h.heartbeatAt === undefined) return 'daemon off';
  const age = formatAge(Math.max(0, now - h.heartbeatAt));
  return h.daemonState === 'stopped' ? `daemon stopped ${age} ago` : `daemon ${age}`;
}

/** The variants of the status line, most to least detailed: the first that fits is drawn. */
export function headerVariants(h: HeaderInfo, now: number, focusedTitle: string): string[] {
  const states = stateSummary(h.byState);
  const pcs = `${h.polecats} polecat${h.polecats === 1 ? '' : 's'}`;
  const rigs = `${h.rigs} rig${h.rigs === 1 ? '' : 's'}`;
  const mail = `✉ ${h.unread}`;
  const daemon = daemonText(h, now);
  const full = states ? `${pcs} (${states})` : pcs;
  const mq = mqSummary(h.mq);
  // Paused (emergency stop) comes first in every variant: it explains why nothing moves.
  const pause = h.paused ? [`⏸ PAUSED ${h.paused}`] : [];
  // Costs are estimates (tokens x config/prices.yaml): "~$".
  const cost = (c: number) => `~$${c.toFixed(2)}`;
  const spend = h.spend ? `${cost(h.spend.cost)} ${shortCount(h.spend.tokens)} tok` : undefined;
  const perRig =
    h.spend && h.spend.rigs.length > 1
      ? h.spend.rigs.map((r) => `${r.rig} ${cost(r.cost)}`).join(' ')
      : undefined;
  // Outposts: each one (slots, latency or stale since), then a count, then nothing.
  const ops = outpostSummaries(h.outposts, now);
  const widest = [...pause, h.town, focusedTitle, rigs, full, mq, mail, daemon];
  const more = (parts: (string | undefined)[]) => parts.filter((x): x is string => !!x);
  return [
    [...widest, ...more([ops?.[0], spend, perRig])],
    [...widest, ...more([ops?.[0], spend])],
    [...widest, ...more([ops?.[0]])],
    [...pause, h.town, rigs, full, mq, mail, daemon, ...more([ops?.[0]])],
    [...pause, h.town, full, mq, mail, daemon, ...more([ops?.[0]])],
    [...pause, h.town, full, mq, mail, daemon, ...more([ops?.[1]])],
    [...pause, h.town, pcs, mq, mail, daemon, ...more([ops?.[1]])],
    [...pause, h.town, pcs, mq, mail, daemon],
    [...pause, h.town, pcs, mq, mail],
    [...pause, h.town, mq, mail],
  ].map((parts) => ` ${parts.join(' · ')} `);
}

/** Top line: town, rigs, polecats by state, merge queue counts, unread mail, daemon heartbeat age, outposts, a pause, and an error badge naming the file. */
export function Header({ snap, now, width, focusedTitle }: HeaderProps) {
  const theme = useTheme();
  // The heartbeat's time is read now, not memoized: routine beats move it without a new snapshot.
  const h = { ...selectHeader(snap), heartbeatAt: snap.heartbeat?.at };
  const err = h.errors[0];
  let badge = '';
  if (err) {
    const file = relative(snap.root, err.file) || err.file;
    const prefix = h.errors.length > 1 ? `⚠ ${h.errors.length} errors: ` : '⚠ error: ';
    const room = Math.max(12, Math.floor(width * 0.55) - textWidth(prefix) - 2);
    // Keep the end of the path (the file name) when it must be cut.
    const shown = textWidth(file) > room ? '…' + file.slice(file.length - room + 1) : file;
    badge = ` ${prefix}${shown} `;
  }
  const room = Math.max(0, width - textWidth(badge));
  const variants = headerVariants(h, now, focusedTitle);
  const line = variants.find((v) => textWidth(v) <= room) ?? truncate(variants[variants.length - 1]!, room);
  return (
    <Text wrap="truncate-end">
      <Text {...textStyle(theme, 'header')}>{line.padEnd(room)}</Text>
      {badge ? <Text {...textStyle(theme, 'badge.error')}>{badge}</Text> : null}
    </Text>
  );
}
