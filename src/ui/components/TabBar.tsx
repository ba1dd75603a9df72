import { Text } from 'ink';
import { textStyle, useTheme } from '../theme/index.js';
import { textWidth, truncate } from './textFit.js';

export interface TabBarTab {
  readonly id: string;
  readonly label: string;
  /** Small number drawn after the label (e.g. rows needing attention). */
  readonly count?: number;
  readonly error?: boolean;
}

export interface TabBarProps {
  readonly tabs: readonly TabBarTab[];
  readonly focused: string;
  readonly width: number;
  /** Left title, e.g. the town name. */
  readonly title?: string;
}

/**
 * The header line: title, then every pane as "1 Polecats 3" so panes hidden
 * by a narrow layout stay discoverable. Labels shrink to fit.
 */
export function TabBar({ tabs, focused, width, title }: TabBarProps) {
  const theme = useTheme();
  const head = title ? ` ${title} ` : '';
  const texts = tabs.map(
    (t, i) => ` ${i < 9 ? `${i + 1} ` : ''}${t.label}${t.count ? ` ${t.count}` : ''}${t.error ? ' !' : ''} `,
  );
  let room = width - textWidth(head);
  const per = tabs.length > 0 ? Math.floor(room / tabs.length) : 0;
  const total = texts.reduce((a, t) => a + textWidth(t), 0);
  const shown = total <= room ? texts : texts.map((t) => truncate(t, Math.max(3, per)));
  const used = shown.reduce((a, t) => a + textWidth(t), 0);
  room -= used;
  return (
    <Text {...textStyle(theme, 'header')} wrap="truncate-end">
      <Text {...textStyle(theme, 'header.title')}>{truncate(head, width)}</Text>
      {shown.map((t, i) => (
        <Text
          key={tabs[i]!.id}
          {...textStyle(theme, tabs[i]!.id === focused ? 'header.tab.active' : 'header.tab.inactive')}
        >
          {t}
        </Text>
      ))}
      <Text {...textStyle(theme, 'header')}>{' '.repeat(Math.max(0, room))}</Text>
    </Text>
  );
}
