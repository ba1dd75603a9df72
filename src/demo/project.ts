/**
 * The demo rig's project: small, real, with a real test command. The
 * scripted agent's `fail-tests` change adds a file named BROKEN, which the
 * test refuses; its `conflict` change rewrites line 1 of CONFLICT.txt, so two
 * such changes conflict when the second one lands.
 */
export const DEMO_PROJECT: Record<string, string> = {
  'README.md': '# shop\n\nA tiny shop used by the Overseer demo town.\n',
  'package.json':
    JSON.stringify(
      { name: 'shop', private: true, type: 'module', scripts: { test: 'node test.js' } },
      null,
      2,
    ) + '\n',
  'price.js': [
    'export function total(items, taxRate = 0) {',
    '  const net = items.reduce((sum, i) => sum + i.price * i.qty, 0);',
    '  return Math.round(net * (1 + taxRate) * 100) / 100;',
    '}',
    '',
  ].join('\n'),
  'test.js': [
    "import { existsSync } from 'node:fs';",
    "import { total } from './price.js';",
    'let failed = 0;',
    'const check = (what, ok) => {',
    "  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);",
    '  if (!ok) failed++;',
    '};',
    "check('total of two items', total([{ price: 2.5, qty: 2 }, { price: 1, qty: 1 }]) === 6);",
    "check('total with tax', total([{ price: 10, qty: 1 }], 0.2) === 12);",
    "check('no BROKEN marker in the tree', !existsSync('BROKEN'));",
    'process.exit(failed ? 1 : 0);',
    '',
  ].join('\n'),
  'CONFLICT.txt': 'banner: Welcome to the shop\nsecond line stays\n',
  'work/.keep': '',
};

export type DemoIssue = {
  key: string;
  title: string;
  behaviour: 'succeed' | 'ask' | 'stall' | 'fail-tests' | 'conflict' | 'crash';
  priority: number;
  type?: 'task' | 'bug' | 'feature' | 'chore';
  /** keys of issues this one waits for */
  blockedBy?: string[];
  inEpic?: boolean;
  /** spawned by the demo at once */
  spawn?: boolean;
};

export const DEMO_EPIC = 'Checkout v1: carts, discounts and payment';

/** A dozen issues with dependencies and an epic; labels choose the scripted behaviour. */
export const DEMO_ISSUES: DemoIssue[] = [
  {
    key: 'cart',
    title: 'Add a cart total with tax',
    behaviour: 'succeed',
    priority: 1,
    type: 'feature',
    inEpic: true,
    spawn: true,
  },
  {
    key: 'currency',
    title: 'Show prices with the currency symbol',
    behaviour: 'ask',
    priority: 1,
    inEpic: true,
    spawn: true,
  },
  {
    key: 'rounding',
    title: 'Investigate flaky price rounding',
    behaviour: 'stall',
    priority: 2,
    type: 'bug',
    spawn: true,
  },
  { key: 'perf', title: 'Speed up the product list', behaviour: 'fail-tests', priority: 2, spawn: true },
  { key: 'banner', title: 'Rename the banner text', behaviour: 'conflict', priority: 2, spawn: true },
  { key: 'banner2', title: 'Make the banner seasonal', behaviour: 'conflict', priority: 2, spawn: true },
  {
    key: 'docs',
    title: 'Write the checkout docs',
    behaviour: 'succeed',
    priority: 2,
    blockedBy: ['cart'],
    inEpic: true,
  },
  {
    key: 'discounts',
    title: 'Add discount codes',
    behaviour: 'ask',
    priority: 2,
    blockedBy: ['cart'],
    inEpic: true,
  },
  {
    key: 'payment',
    title: 'Integrate the payment provider',
    behaviour: 'succeed',
    priority: 1,
    blockedBy: ['discounts'],
    inEpic: true,
  },
  {
    key: 'confirm',
    title: 'Send an order confirmation mail',
    behaviour: 'succeed',
    priority: 3,
    type: 'feature',
  },
  { key: 'footer', title: 'Fix the typo in the footer', behaviour: 'succeed', priority: 3, type: 'bug' },
  { key: 'fixtures', title: 'Clean up old test fixtures', behaviour: 'succeed', priority: 4, type: 'chore' },
];
