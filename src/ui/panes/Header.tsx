import { Text } from 'ink';
import { relative } from 'node:path';
import { formatAge } from '../../core/time.js';
import { truncate } from '../components/textFit.js';
import { selectHeader, stateSummary } from '../selectors/header.js';
import type { StoreSnapshot } from '../../store/types.js';
import { textStyle, useTheme } from '../theme/index.js';

export interface HeaderProps {
  readonly snap: StoreSnapshot;
  readonly now: number;
  readonly width: number;
  readonly focusedTitle: string;
}

/** Top line: town, rigs, polecats by state, unread mail, daemon heartbeat age, error badge. */
export function Header({ snap, now, width, focusedTitle }: HeaderProps) {
  const theme = useTheme();
  const h = selectHeader(snap);
  const hb =
    h.heartbeatAt === undefined ? 'daemon off' : `daemon ${formatAge(Math.max(0, now - h.heartbeatAt))}`;
  const states = stateSummary(h.byState);
  const parts = [
    `${h.rigs} rig${h.rigs === 1 ? '' : 's'}`,
    `${h.polecats} polecat${h.polecats === 1 ? '' : 's'}${states ? ` (${states})` : ''}`,
    `✉ ${h.unread}`,
    hb,
  ];
  const err = h.errors[0];
  const badge = err
    ? ` ⚠ ${h.errors.length > 1 ? `${h.errors.length} errors, first: ` : 'error: '}${relative(snap.root, err.file) || err.file} `
    : '';
  const left = ` ${h.town} · ${focusedTitle} · `;
  const rest = truncate(parts.join(' · '), Math.max(0, width - left.length - badge.length));
  return (
    <Text wrap="truncate-end">
      <Text {...textStyle(theme, 'header.title')}>{left}</Text>
      <Text {...textStyle(theme, 'header')}>{rest}</Text>
      {badge ? <Text {...textStyle(theme, 'badge.error')}>{badge}</Text> : null}
    </Text>
  );
}
