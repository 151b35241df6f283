// A tool's entry price as its form edits it: money typed as text ("19.9" on the way to
// "19.99") and stored as whole cents, a currency picked or typed as a code, and the amount
// kept while another kind is chosen, for switching back.
import { CURRENCIES, formatAmount, parseAmount } from '../tools';
import type { AmountPrice } from '../tools';
import type { EntryPrice, PricePeriod, Tool } from '../types';

export class PriceInput {
  /** The amount as typed. */
  text = $state('');
  /** The typed amount is not one. */
  invalid = $state(false);
  /** The currency is not one of the common ones: it is typed as a code. */
  otherCurrency = $state(false);
  #last: AmountPrice = { kind: 'amount', amount_cents: 0, currency: 'USD', period: 'month' };

  /** The price of a tool put into the form as stored. */
  adopt(price: EntryPrice) {
    if (price.kind === 'amount') {
      this.#last = { ...price };
      this.text = formatAmount(price.amount_cents);
    } else {
      this.text = '';
    }
    this.invalid = false;
    this.otherCurrency = !(CURRENCIES as readonly string[]).includes(this.#last.currency);
  }

  setKind(draft: Tool, kind: EntryPrice['kind']) {
    const price = draft.entry_price;
    if (price.kind === kind) return;
    if (price.kind === 'amount') this.#last = { ...price };
    draft.entry_price = kind === 'amount' ? { ...this.#last } : { kind };
    if (kind === 'amount') this.text = this.#last.amount_cents > 0 ? formatAmount(this.#last.amount_cents) : '';
    this.invalid = false;
  }

  setAmount(draft: Tool, text: string) {
    this.text = text;
    const cents = parseAmount(text);
    this.invalid = cents === null;
    if (cents !== null && draft.entry_price.kind === 'amount') draft.entry_price.amount_cents = cents;
  }

  /** Picks a currency; true when "Other…" was chosen (its code is typed next). */
  chooseCurrency(draft: Tool, value: string): boolean {
    if (draft.entry_price.kind !== 'amount') return false;
    this.otherCurrency = value === 'other';
    if (!this.otherCurrency) draft.entry_price.currency = value;
    return this.otherCurrency;
  }

  setCurrencyCode(draft: Tool, value: string) {
    // Codes are upper case; typing them in lower case is allowed.
    if (draft.entry_price.kind === 'amount') draft.entry_price.currency = value.trim().toUpperCase();
  }

  setPeriod(draft: Tool, value: string) {
    if (draft.entry_price.kind === 'amount') draft.entry_price.period = value as PricePeriod;
  }
}
