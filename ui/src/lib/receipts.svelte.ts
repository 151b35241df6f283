// Receipts on the Publishing screen: what each target was last found to serve for each page
// (read back by the core after each run and every few hours), in a publisher's words, and
// "Verify now". The core decides what differs; this only says it.
import { markUnpublished, onReceiptsChanged, receipts as loadReceipts, republishMissing, toApiError, verifyPages } from './api';
import { actingAs } from './session.svelte';
import type { Receipt } from './bindings';
import type { ApiError } from './types';

/** "just now", "2 min ago", "3 h ago", "4 days ago". */
export function ago(checkedAt: string, now: Date = new Date()): string {
  const then = new Date(checkedAt).getTime();
  if (Number.isNaN(then)) return checkedAt;
  const minutes = Math.floor(Math.max(0, now.getTime() - then) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/** One line per receipt: "Live and verified on site, 2 min ago" / "Differs on wp: …"; a
 *  scheduled page the target published itself adds when ("Published by Ghost at …, on time"). */
export function receiptLine(r: Receipt, now: Date = new Date()): string {
  const first = r.differences[0]?.said ?? '';
  const more = r.differences.length > 1 ? ` (and ${r.differences.length - 1} more)` : '';
  const there = r.published_there ? ` · ${r.published_there.said}` : '';
  switch (r.state) {
    case 'verified':
      return `Live and verified on ${r.target}, ${ago(r.checked_at, now)}${there}`;
    case 'differs':
      return `Differs on ${r.target}: ${first}${more}${there}`;
    case 'missing':
      return `Missing on ${r.target}: ${first}${more}`;
    case 'unreachable':
      return `Not verified on ${r.target}: ${first}${more}`;
  }
}

/** The receipts, by "target/slug", kept fresh: on start, after each check, on "Verify now". */
export function createReceipts() {
  let byPage = $state<Record<string, Receipt>>({});
  let error = $state<ApiError | null>(null);
  let verifying = $state(false);
  let now = $state(new Date());
  // "target/slug" of the missing page being acted on, and what the last action did.
  let acting = $state<string | null>(null);
  let notice = $state<string | null>(null);

  async function load() {
    try {
      const list = await loadReceipts(null);
      byPage = Object.fromEntries(list.map((r) => [`${r.target}/${r.slug}`, r]));
      error = null;
    } catch (err) {
      error = toApiError(err);
    }
  }

  /** For a page missing on its target (deleted there): publish it there again, or take note
   *  it is no longer published there. The core refuses a page that is not missing. */
  async function actOnMissing(r: Receipt, action: 'republish' | 'mark', title: string, onchanged?: () => void) {
    if (acting !== null) return;
    acting = `${r.target}/${r.slug}`;
    notice = null;
    try {
      if (action === 'republish') {
        const plan = await republishMissing(actingAs(), r.target, r.slug);
        notice =
          plan.queued.length > 0
            ? `“${title}” is being published to ${r.target} again.`
            : `“${title}” has nothing to send to ${r.target}.`;
      } else {
        const marked = await markUnpublished(actingAs(), r.target, r.slug);
        notice = marked.back_to_approved
          ? `“${title}” is no longer published anywhere: it is back to Approved.`
          : `“${title}” is no longer counted as published on ${r.target}.`;
      }
      error = null;
      await load();
      onchanged?.();
    } catch (err) {
      error = toApiError(err);
    } finally {
      acting = null;
    }
  }

  async function verifyNow() {
    if (verifying) return;
    verifying = true;
    try {
      await verifyPages(null);
      error = null;
      await load();
    } catch (err) {
      error = toApiError(err);
    } finally {
      verifying = false;
    }
  }

  /** Starts following; returns how to stop. */
  function start(): () => void {
    void load();
    const stop = onReceiptsChanged(() => void load());
    // "2 min ago" moves on while the screen is open.
    const clock = setInterval(() => (now = new Date()), 30_000);
    return () => {
      stop();
      clearInterval(clock);
    };
  }

  return {
    get error() {
      return error;
    },
    get verifying() {
      return verifying;
    },
    get acting() {
      return acting;
    },
    get notice() {
      return notice;
    },
    actOnMissing,
    dismiss() {
      error = null;
    },
    of(target: string, slug: string): Receipt | null {
      return byPage[`${target}/${slug}`] ?? null;
    },
    line(r: Receipt): string {
      return receiptLine(r, now);
    },
    start,
    verifyNow,
  };
}

export type Receipts = ReturnType<typeof createReceipts>;
