import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { packageRoot } from '../core/package-root.js';
import { readYamlConfig, tryReadYamlConfig } from '../core/yaml-config.js';
import type { TownPaths } from './paths.js';
import type { ModelTokens, Tokens } from './schemas/usage.js';

export const PRICES_FILE = 'prices.yaml';

const PerMillion = z.number().nonnegative();

/** config/prices.yaml: dollars per million tokens, per model (pattern). */
export const PricesFile = z.looseObject({
  version: z.literal(1).default(1),
  /** When the figures were last compared with the vendors' price pages. */
  checked: z.union([z.string(), z.date().transform((d) => d.toISOString().slice(0, 10))]),
  currency: z.string().default('USD'),
  models: z.record(
    z.string().min(1),
    z.strictObject({
      input: PerMillion,
      output: PerMillion,
      cache_read: PerMillion,
      cache_write: PerMillion,
    }),
  ),
});
export type Prices = z.infer<typeof PricesFile>;
export type ModelPrice = Prices['models'][string];

/** The town's config/prices.yaml, else the packaged one. A broken file is an error naming it. */
export function loadPrices(paths?: TownPaths): Prices {
  const town = paths?.configFile(PRICES_FILE);
  const file = town && existsSync(town) ? town : join(packageRoot(), 'config', PRICES_FILE);
  return readYamlConfig(file, PricesFile);
}

export function validatePricesFile(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  const r = tryReadYamlConfig(path, PricesFile);
  return r.ok ? undefined : r.message;
}

/** A model's price: its exact name, else the longest `prefix*` key matching it (`*` may also stand inside). */
export function priceOf(prices: Prices, model: string): ModelPrice | undefined {
  const exact = prices.models[model];
  if (exact) return exact;
  let best: { len: number; price: ModelPrice } | undefined;
  for (const [key, price] of Object.entries(prices.models)) {
    if (!key.includes('*')) continue;
    const re = new RegExp(`^${key.split('*').map(escapeRe).join('.*')}$`);
    if (re.test(model) && (!best || key.length > best.len)) best = { len: key.length, price };
  }
  return best?.price;
}

function escapeRe(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

export function tokensCost(t: Tokens, p: ModelPrice): number {
  return (
    (t.input * p.input + t.output * p.output + t.cache_read * p.cache_read + t.cache_write * p.cache_write) /
    1e6
  );
}

/** An estimated cost: dollars for the priced models, and the models that have no price. */
export type CostEstimate = { usd: number; unpriced: string[] };

export function estimateCost(byModel: ModelTokens, prices: Prices): CostEstimate {
  let usd = 0;
  const unpriced: string[] = [];
  for (const [model, t] of Object.entries(byModel)) {
    const p = priceOf(prices, model);
    if (p) usd += tokensCost(t, p);
    else unpriced.push(model);
  }
  return { usd, unpriced };
}

/** "$1.23 (est.)", with the unpriced models named. */
export function formatCost(c: CostEstimate): string {
  const usd = c.usd >= 100 ? c.usd.toFixed(0) : c.usd >= 1 ? c.usd.toFixed(2) : c.usd.toFixed(4);
  return `$${usd} est.${c.unpriced.length ? ` (no price: ${c.unpriced.join(', ')})` : ''}`;
}
