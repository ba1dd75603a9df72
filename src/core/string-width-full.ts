import stringWidth from 'string-width';

/**
 * The string-width library itself. In the bundle this file is replaced by one
 * that loads the library on the first call (scripts/build-plugins.mjs), so its module
 * start-up runs only when some text needs it.
 */
export const fullStringWidth = (): typeof stringWidth => stringWidth;
