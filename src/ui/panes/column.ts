import { formatAge } from '../../core/time.js';
import type { Column } from '../components/Table.js';
import type { ThemeToken } from '../theme/index.js';

/** How long ago `t` was, short ("5m"); '-' when unknown. */
export const age = (now: number, t: number | undefined): string =>
  t === undefined || Number.isNaN(t) ? '-' : formatAge(now - t);

/**
 * The small column builder the pane controllers share: a fixed-width text
 * column, the flexible last column, an age column, a styled state column.
 */
export const col = {
  text: <T>(
    id: string,
    header: string,
    width: number,
    value: (r: T) => string,
    token?: (r: T) => ThemeToken | undefined,
  ): Column<T> => ({ id, header, width, value, ...(token ? { token } : {}) }),

  flex: <T>(
    id: string,
    header: string,
    value: (r: T) => string,
    token?: (r: T) => ThemeToken | undefined,
  ): Column<T> => ({ id, header, flex: 1, value, ...(token ? { token } : {}) }),

  age: <T>(
    now: number,
    header: string,
    at: (r: T) => number | undefined,
    width = 4,
    id = 'age',
  ): Column<T> => ({
    id,
    header,
    width,
    align: 'right',
    value: (r) => age(now, at(r)),
  }),

  state: <T>(
    header: string,
    width: number,
    value: (r: T) => string,
    token: (r: T) => ThemeToken | undefined,
    id = 'state',
  ): Column<T> => ({ id, header, width, value, token }),
};
