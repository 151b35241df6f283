// A tool's form values: money typed as text and stored as whole cents, the empty tool.
// Unit-tested in ToolEditor.test.ts.
import type { EntryPrice, Tool } from './types';

/**
 * "20" → 2000, "19.99" → 1999, "4,5" → 450; "" → 0 (the core then says it must be more
 * than zero); anything else → null. Integer arithmetic, so no float rounding creeps in.
 */
export function parseAmount(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  const m = /^(\d{0,9})(?:[.,](\d{0,2}))?$/.exec(trimmed);
  if (!m || (!m[1] && !m[2])) return null;
  return Number(m[1] || '0') * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** 2000 → "20", 1999 → "19.99", 2050 → "20.50". */
export function formatAmount(cents: number): string {
  const units = Math.floor(cents / 100);
  const rest = cents % 100;
  return rest === 0 ? String(units) : `${units}.${String(rest).padStart(2, '0')}`;
}


export function emptyTool(): Tool {
  return {
    slug: '',
    name: '',
    vendor: '',
    category: '',
    tagline: '',
    description: '',
    entry_price: { kind: 'free' },
    license: '',
    links: { homepage: null, weights: null, docs: null },
    release_date: null,
    pricing_checked_on: null,
  };
}

export type AmountPrice = Extract<EntryPrice, { kind: 'amount' }>;

export const CURRENCIES = ['USD', 'EUR', 'GBP'] as const;

/** The form's fields, each with its input; a problem's field path leads to one of them. */
export type FieldKey =
  | 'slug'
  | 'name'
  | 'vendor'
  | 'category'
  | 'tagline'
  | 'description'
  | 'price'
  | 'amount'
  | 'currency'
  | 'period'
  | 'license'
  | 'homepage'
  | 'weights'
  | 'docs'
  | 'release'
  | 'checked';

export const FIELD_ORDER: readonly FieldKey[] = [
  'name',
  'slug',
  'vendor',
  'category',
  'tagline',
  'description',
  'price',
  'amount',
  'currency',
  'period',
  'license',
  'homepage',
  'weights',
  'docs',
  'release',
  'checked',
];

/** How a hint names the field: "Not saved yet because the {noun} …". */
const NOUN: Record<FieldKey, string> = {
  slug: 'slug',
  name: 'name',
  vendor: 'vendor',
  category: 'category',
  tagline: 'tagline',
  description: 'description',
  price: 'entry price',
  amount: 'amount',
  currency: 'currency',
  period: 'billing period',
  license: 'license',
  homepage: 'homepage link',
  weights: 'weights link',
  docs: 'docs link',
  release: 'release date',
  checked: 'pricing check date',
};

const DIRECT: Record<string, FieldKey> = {
  slug: 'slug',
  name: 'name',
  vendor: 'vendor',
  category: 'category',
  tagline: 'tagline',
  description: 'description',
  license: 'license',
  entry_price: 'price',
  'entry_price.kind': 'price',
  'entry_price.amount_cents': 'amount',
  'entry_price.currency': 'currency',
  'entry_price.period': 'period',
  'links.homepage': 'homepage',
  'links.weights': 'weights',
  'links.docs': 'docs',
  release_date: 'release',
  pricing_checked_on: 'checked',
};

export function fieldKey(path: string): FieldKey | null {
  const key = DIRECT[path.trim()];
  if (key) return key;
  return path.startsWith('entry_price') ? 'price' : null;
}

/** The "not saved yet" sentence for a problem of the field `key`. */
export function problemHint(key: FieldKey, message: string): string {
  // The core's field messages mostly continue the field's name ("must not be empty",
  // "\"x\" is not a slug"); any other sentence stands on its own.
  if (/^(must|is|are|has|contains|should|can|cannot|")/.test(message)) return `Not saved yet because the ${NOUN[key]} ${message}`;
  return `Not saved yet because ${message}`;
}
