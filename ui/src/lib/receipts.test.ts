import { describe, expect, it, vi } from 'vitest';
import { ago, createReceipts, receiptLine } from './receipts.svelte';
import type { Receipt } from './bindings';

const now = new Date('2026-12-06T12:00:00Z');

function receipt(over: Partial<Receipt>): Receipt {
  return {
    target: 'site',
    slug: 'a-vs-b',
    state: 'verified',
    checked_at: '2026-12-06T11:58:00.000Z',
    content_hash: 'sha256:x',
    differences: [],
    public_url: 'https://example.com/a-vs-b/',
    published_there: null,
    ...over,
  };
}

describe('receipts in words', () => {
  it('says how long ago a page was checked', () => {
    expect(ago('2026-12-06T11:59:40Z', now)).toBe('just now');
    expect(ago('2026-12-06T11:58:00Z', now)).toBe('2 min ago');
    expect(ago('2026-12-06T09:00:00Z', now)).toBe('3 h ago');
    expect(ago('2026-12-02T12:00:00Z', now)).toBe('4 days ago');
    expect(ago('not a time', now)).toBe('not a time');
  });

  it('says a verified page is live, and what differs on the others', () => {
    expect(receiptLine(receipt({}), now)).toBe('Live and verified on site, 2 min ago');
    const said = (s: string) => ({ place: 'public' as const, what: 'structured_data', said: s });
    expect(
      receiptLine(
        receipt({
          target: 'wp',
          state: 'differs',
          differences: [said("WordPress removed the page's structured data (JSON-LD) in what readers get"), said('x')],
        }),
        now,
      ),
    ).toBe("Differs on wp: WordPress removed the page's structured data (JSON-LD) in what readers get (and 1 more)");
    expect(receiptLine(receipt({ state: 'missing', differences: [said('the page is gone from the page server')] }), now)).toBe(
      'Missing on site: the page is gone from the page server',
    );
    expect(receiptLine(receipt({ state: 'unreachable', differences: [said('the page server did not answer within 20 s')] }), now)).toBe(
      'Not verified on site: the page server did not answer within 20 s',
    );
  });

  it('says when a target published a scheduled page itself', () => {
    const published_there = {
      by: 'Ghost',
      at: '2026-12-06T09:00:00Z',
      due_at: '2026-12-06T09:00:00Z',
      minutes_late: 0,
      said: 'Published by Ghost at 6 Dec 2026 09:00 UTC, on time',
    };
    expect(receiptLine(receipt({ target: 'news', published_there }), now)).toBe(
      'Live and verified on news, 2 min ago · Published by Ghost at 6 Dec 2026 09:00 UTC, on time',
    );
  });
});

const api = vi.hoisted(() => ({
  receipts: vi.fn(),
  republishMissing: vi.fn(),
  markUnpublished: vi.fn(),
}));
vi.mock('./api', async (original) => ({
  ...(await original<typeof import('./api')>()),
  receipts: api.receipts,
  republishMissing: api.republishMissing,
  markUnpublished: api.markUnpublished,
}));
vi.mock('./session.svelte', async (original) => ({
  ...(await original<typeof import('./session.svelte')>()),
  actingAs: () => 'publisher',
}));

describe('acting on a page missing on its target', () => {
  const missing = receipt({ state: 'missing', differences: [{ place: 'stored', what: 'gone', said: 'the page is gone from the page server' }] });

  it('republishes it there as the one acting, reads the receipts again and says so', async () => {
    api.receipts.mockResolvedValue([]);
    api.republishMissing.mockResolvedValue({ published: [], queued: [['site', 'a-vs-b']], unchanged: [], kept_remote: [] });
    const r = createReceipts();
    const changed = vi.fn();
    await r.actOnMissing(missing, 'republish', 'A vs B', changed);
    expect(api.republishMissing).toHaveBeenCalledWith('publisher', 'site', 'a-vs-b');
    expect(api.receipts).toHaveBeenCalledTimes(1);
    expect(changed).toHaveBeenCalledTimes(1);
    expect(r.notice).toBe('“A vs B” is being published to site again.');
    expect(r.acting).toBeNull();
  });

  it('marks it unpublished and says when it went back to Approved; a refusal is shown, nothing else', async () => {
    api.receipts.mockResolvedValue([]);
    api.markUnpublished.mockResolvedValue({ back_to_approved: true });
    const r = createReceipts();
    await r.actOnMissing(missing, 'mark', 'A vs B');
    expect(api.markUnpublished).toHaveBeenCalledWith('publisher', 'site', 'a-vs-b');
    expect(r.notice).toBe('“A vs B” is no longer published anywhere: it is back to Approved.');

    api.markUnpublished.mockRejectedValue({ code: 'invalid', message: '“a-vs-b” is not on site as far as the desk knows' });
    const changed = vi.fn();
    await r.actOnMissing(missing, 'mark', 'A vs B', changed);
    expect(r.error?.message).toContain('is not on site');
    expect(r.notice).toBeNull();
    expect(changed).not.toHaveBeenCalled();
  });
});
