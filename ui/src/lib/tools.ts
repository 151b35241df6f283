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
