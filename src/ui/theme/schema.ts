import { z } from 'zod';
import { COLOR_HELP, isColor } from './colors.js';
import { THEME_TOKENS, type ThemeToken } from './tokens.js';

const color = z.string().refine(isColor, { message: `expected ${COLOR_HELP}` });

/** One token's style. Colors are optional so a theme can carry emphasis alone. */
export const tokenStyleSchema = z.strictObject({
  fg: color.optional(),
  bg: color.optional(),
  bold: z.boolean().optional(),
  dim: z.boolean().optional(),
  italic: z.boolean().optional(),
  underline: z.boolean().optional(),
  inverse: z.boolean().optional(),
});

export type TokenStyle = z.infer<typeof tokenStyleSchema>;

/** In a file, a token is either a bare foreground color or a full style object. */
const tokenValueSchema = z.preprocess((v) => (typeof v === 'string' ? { fg: v } : v), tokenStyleSchema);

export const BORDER_STYLES = ['single', 'round', 'double', 'bold', 'classic'] as const;
export type BorderStyleName = (typeof BORDER_STYLES)[number];

const bordersSchema = z.strictObject({
  focused: z.enum(BORDER_STYLES),
  unfocused: z.enum(BORDER_STYLES),
  dialog: z.enum(BORDER_STYLES),
});

const tokenShape = Object.fromEntries(THEME_TOKENS.map((t) => [t, tokenValueSchema.optional()])) as Record<
  ThemeToken,
  z.ZodOptional<typeof tokenValueSchema>
>;
const tokensSchema = z.strictObject(tokenShape);

/** A complete theme file: every token and every border style must be present. */
export const themeFileSchema = z
  .strictObject({
    name: z.string().min(1),
    description: z.string().optional(),
    borders: bordersSchema,
    tokens: tokensSchema,
  })
  .superRefine((file, ctx) => {
    const missing = THEME_TOKENS.filter((t) => file.tokens[t] === undefined);
    if (missing.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['tokens'],
        message:
          `missing token${missing.length > 1 ? 's' : ''} ${missing.slice(0, 6).join(', ')}` +
          (missing.length > 6 ? ` and ${missing.length - 6} more` : '') +
          ' (or add "extends": "dark" to inherit them)',
      });
  })
  .transform((file) => file as typeof file & { tokens: Record<ThemeToken, TokenStyle> });

/** A theme file that `extends` another: any subset, merged over the base. */
export const partialThemeFileSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  extends: z.string().min(1),
  borders: bordersSchema.partial().optional(),
  tokens: tokensSchema.optional(),
});

export type ThemeFile = z.infer<typeof themeFileSchema>;
export type PartialThemeFile = z.infer<typeof partialThemeFileSchema>;

/** A resolved theme as components see it: every token a full style object. */
export interface Theme {
  readonly name: string;
  /** True when colors are off (NO_COLOR): emphasis comes from bold/inverse/underline only. */
  readonly monochrome: boolean;
  readonly borders: Readonly<Record<'focused' | 'unfocused' | 'dialog', BorderStyleName>>;
  readonly tokens: Readonly<Record<ThemeToken, Readonly<TokenStyle>>>;
}
