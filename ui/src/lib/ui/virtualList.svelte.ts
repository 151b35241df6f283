// Windowed rendering of long lists: which rows go in the DOM for what is on screen and how
// much room the others take, so a list of 2,000 costs what one of 30 does.
import { untrack } from 'svelte';
import type { Attachment } from 'svelte/attachments';

export interface VirtualListOptions<T> {
  /** Every item of the list, in order (read reactively). */
  items: () => readonly T[];
  /** An item's identity: a measured height stays with its item when the list is filtered. */
  key: (item: T) => string;
  /** A row's height in px until it has been rendered and measured (per item, when rows
   * differ in a way known beforehand). */
  estimate: number | ((item: T) => number);
  /** The space the list's CSS puts between rows, in px (a flex gap). */
  gap?: number;
  /** Rows rendered beyond each edge of what is visible: Tab and the arrow keys find them,
   * and a quick scroll does not show empty space first. */
  overscan?: number;
}

/** A row that is rendered, with its place in the whole list. */
export interface VirtualRow<T> {
  item: T;
  index: number;
}

/** Index of the last offset before `y`, or at it too when `inclusive` (offsets ascend
 * from 0, so the answer is 0 at least). */
function lastOffset(offsets: Float64Array, y: number, inclusive: boolean): number {
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! < y || (inclusive && offsets[mid] === y)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The list element takes `{@attach list.list}` and pads itself with `before` and `after`
 * (or holds spacers that tall); each rendered row takes `{@attach list.row(item)}` so its
 * real height replaces the estimate. What is visible is worked out from the window and
 * every ancestor that clips, so the list needs no scroll container of its own.
 */
export class VirtualList<T> {
  #options: Required<VirtualListOptions<T>>;
  /** Heights of rows rendered so far, by key. */
  #heights = new Map<string, number>();
  /** Bumped when a height in `#heights` changes. */
  #measured = $state(0);
  /** What is visible, in px from the top of the list. */
  #view = $state({ top: 0, height: 0 });
  #list: HTMLElement | null = null;
  /** Ancestors of the list that clip it (overflow other than visible). */
  #clips: HTMLElement[] = [];
  /** The rendered rows' elements, with their items. */
  #rowKeys = new Map<Element, { key: string; item: T }>();
  #resize: ResizeObserver | null = null;

  constructor(options: VirtualListOptions<T>) {
    this.#options = { gap: 0, overscan: 4, ...options };
  }

  /** Top of every row in px, and (last) the end of the list plus one gap. */
  readonly #offsets = $derived.by(() => {
    void this.#measured;
    const { items, key, gap } = this.#options;
    const list = items();
    const offsets = new Float64Array(list.length + 1);
    for (let i = 0; i < list.length; i++) {
      const item = list[i]!;
      offsets[i + 1] = offsets[i]! + (this.#heights.get(key(item)) ?? this.#estimate(item)) + gap;
    }
    return offsets;
  });

  readonly #window = $derived.by(() => {
    const offsets = this.#offsets;
    const count = offsets.length - 1;
    const { overscan, gap } = this.#options;
    // Not laid out (a hidden screen, or a test DOM): as if the window showed it from the top.
    const height = this.#view.height > 0 ? this.#view.height : globalThis.innerHeight || 800;
    const total = Math.max(0, offsets[count]! - gap);
    // A view past the end (the list just got shorter, before the browser clamps its scroll)
    // shows the end.
    const shift = Math.min(0, total - height - this.#view.top);
    const top = Math.max(0, this.#view.top + shift);
    const bottom = Math.max(top, this.#view.top + shift + height);
    // The row the top edge is in, through the last row that starts above the bottom edge.
    const first = Math.min(lastOffset(offsets, top, true), Math.max(0, count - 1));
    const last = Math.min(count, lastOffset(offsets, bottom, false) + 1);
    const start = Math.max(0, first - overscan);
    const end = Math.min(count, last + overscan);
    return { start, end, before: offsets[start]!, after: offsets[count]! - offsets[end]! };
  });

  /** The first rendered row's index. */
  readonly start = $derived(this.#window.start);
  /** One past the last rendered row's index. */
  readonly end = $derived(this.#window.end);
  /** Room for the rows above the rendered ones, in px. */
  readonly before = $derived(this.#window.before);
  /** Room for the rows below the rendered ones, in px. */
  readonly after = $derived(this.#window.after);
  /** The rows to render. */
  readonly rows: VirtualRow<T>[] = $derived.by(() => {
    const start = this.start;
    return this.#options
      .items()
      .slice(start, this.end)
      .map((item, i) => ({ item, index: start + i }));
  });

  /** Attachment for the list element: follows scrolling, resizing and row heights. */
  readonly list: Attachment<HTMLElement> = (el) => {
    this.#list = el;
    this.#clips = [];
    for (let p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
      if (getComputedStyle(p).overflowY !== 'visible') this.#clips.push(p);
    }
    // The list keeps the reader's place itself when rows above change height (see
    // #onResize); a browser's own scroll anchoring would move it a second time.
    el.style.overflowAnchor = 'none';
    if (typeof ResizeObserver !== 'undefined') {
      this.#resize = new ResizeObserver((entries) => this.#onResize(entries));
      this.#resize.observe(el);
      for (const row of this.#rowKeys.keys()) this.#resize.observe(row);
    }
    const sync = () => this.#sync();
    // Capture: scroll events do not bubble, and any scrolling ancestor moves the list.
    window.addEventListener('scroll', sync, { capture: true, passive: true });
    window.addEventListener('resize', sync, { passive: true });
    // Untracked: an attachment re-runs when state it reads changes, and this reads the view.
    untrack(sync);
    return () => {
      window.removeEventListener('scroll', sync, { capture: true });
      window.removeEventListener('resize', sync);
      this.#resize?.disconnect();
      this.#resize = null;
      this.#list = null;
    };
  };

  /** Attachment for the rendered row of `item`: its height is measured. */
  row(item: T): Attachment<HTMLElement> {
    const key = this.#options.key(item);
    return (el) => {
      this.#rowKeys.set(el, { key, item });
      this.#resize?.observe(el);
      return () => {
        this.#rowKeys.delete(el);
        this.#resize?.unobserve(el);
      };
    };
  }

  /** Renders row `index` if it is not (its element then exists after the next update,
   * to be focused or scrolled into view). */
  reveal(index: number) {
    if (index >= this.start && index < this.end) return;
    const offsets = this.#offsets;
    if (index < 0 || index >= offsets.length - 1) return;
    this.#view = { top: offsets[index]!, height: this.#view.height };
  }

  /** The visible band of the window, in viewport px: the window clipped by the ancestors. */
  #visible(): { top: number; bottom: number } {
    let top = 0;
    let bottom = window.innerHeight;
    for (const clip of this.#clips) {
      const r = clip.getBoundingClientRect();
      // Not laid out (or not in a test DOM): it clips nothing that can be told.
      if (r.width === 0 && r.height === 0) continue;
      top = Math.max(top, r.top);
      bottom = Math.min(bottom, r.bottom);
    }
    return { top, bottom };
  }

  #sync() {
    const list = this.#list;
    if (!list) return;
    const { top, bottom } = this.#visible();
    const listTop = list.getBoundingClientRect().top;
    const view = { top: top - listTop, height: Math.max(0, bottom - top) };
    if (view.top !== this.#view.top || view.height !== this.#view.height) this.#view = view;
  }

  #estimate(item: T): number {
    const { estimate } = this.#options;
    return typeof estimate === 'number' ? estimate : estimate(item);
  }

  #onResize(entries: ResizeObserverEntry[]) {
    const visibleTop = this.#visible().top;
    let changed = false;
    let shift = 0;
    for (const entry of entries) {
      const row = this.#rowKeys.get(entry.target);
      if (row === undefined) continue;
      const { key, item } = row;
      const rect = entry.target.getBoundingClientRect();
      const was = this.#heights.get(key) ?? this.#estimate(item);
      if (Math.abs(rect.height - was) < 0.5) continue;
      this.#heights.set(key, rect.height);
      changed = true;
      // A row above the reader's place that grew or shrank moved everything they see.
      if (rect.top < visibleTop) shift += rect.height - was;
    }
    if (changed) this.#measured += 1;
    if (shift !== 0) this.#scroller()?.scrollBy(0, shift);
    // The list itself changed size (rows, or room around them): what is visible may have.
    this.#sync();
  }

  /** The ancestor that scrolls the list, or the window. */
  #scroller(): HTMLElement | Window | null {
    for (const clip of this.#clips) {
      if (clip.scrollHeight > clip.clientHeight) return clip;
    }
    return typeof window === 'undefined' ? null : window;
  }
}
