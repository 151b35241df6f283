// The virtual list's arithmetic against a laid-out stand-in: which rows for what is visible,
// measured heights instead of estimates, and the reader's place kept when rows above change.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import { VirtualList } from './virtualList.svelte';

/** A ResizeObserver the test fires by hand (jsdom has none that reports sizes). */
class FakeResizeObserver {
  static current: FakeResizeObserver | null = null;
  observed = new Set<Element>();
  constructor(private callback: ResizeObserverCallback) {
    FakeResizeObserver.current = this;
  }
  observe(el: Element) {
    this.observed.add(el);
  }
  unobserve(el: Element) {
    this.observed.delete(el);
  }
  disconnect() {
    this.observed.clear();
  }
  fire(targets: Element[]) {
    this.callback(targets.map((target) => ({ target }) as ResizeObserverEntry), this as unknown as ResizeObserver);
  }
}

const VIEW = 300;
const ESTIMATE = 50;
const GAP = 10;
let items = $state(Array.from({ length: 100 }, (_, i) => `item-${i}`));
let scroller: HTMLElement;
let listEl: HTMLElement;
let detach: (() => void) | void;

/** Elements for the rendered rows, each `height` px tall and placed as the offsets say. */
function renderRows(list: VirtualList<string>, heights: Record<number, number> = {}) {
  listEl.replaceChildren();
  let y = listEl.getBoundingClientRect().top + list.before;
  const els: HTMLElement[] = [];
  for (const { item, index } of list.rows) {
    const el = document.createElement('li');
    const h = heights[index] ?? ESTIMATE;
    const top = y;
    el.getBoundingClientRect = () => DOMRect.fromRect({ x: 0, y: top, width: 500, height: h });
    y += h + GAP;
    listEl.append(el);
    list.row(item)(el);
    els.push(el);
  }
  return els;
}

function scrollTo(y: number) {
  listEl.getBoundingClientRect = () => DOMRect.fromRect({ x: 0, y: -y, width: 500, height: 0 });
  scroller.scrollTop = y;
  scroller.dispatchEvent(new Event('scroll'));
  flushSync();
}

function makeList() {
  const list = new VirtualList({ items: () => items, key: (s) => s, estimate: ESTIMATE, gap: GAP, overscan: 2 });
  detach = list.list(listEl);
  scrollTo(0);
  return list;
}

beforeEach(() => {
  vi.stubGlobal('ResizeObserver', FakeResizeObserver);
  items = Array.from({ length: 100 }, (_, i) => `item-${i}`);
  scroller = document.createElement('div');
  scroller.style.overflowY = 'auto';
  scroller.getBoundingClientRect = () => DOMRect.fromRect({ x: 0, y: 0, width: 500, height: VIEW });
  Object.defineProperty(scroller, 'scrollHeight', { value: 100 * (ESTIMATE + GAP) });
  Object.defineProperty(scroller, 'clientHeight', { value: VIEW });
  scroller.scrollBy = vi.fn() as typeof scroller.scrollBy;
  listEl = document.createElement('ul');
  scroller.append(listEl);
  document.body.append(scroller);
});

afterEach(() => {
  detach?.();
  scroller.remove();
  vi.unstubAllGlobals();
});

describe('VirtualList', () => {
  it('renders what is visible and a few either side, with room for the rest', () => {
    const list = makeList();
    // 300 px shows rows 0-4 (60 px each with the gap); 2 more below.
    expect([list.start, list.end]).toEqual([0, 7]);
    expect(list.before).toBe(0);
    expect(list.after).toBe(93 * 60);
    expect(list.rows.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);

    scrollTo(50 * 60);
    expect([list.start, list.end]).toEqual([48, 57]);
    expect(list.before).toBe(48 * 60);
    expect(list.after).toBe(43 * 60);
  });

  it('uses measured heights once rows are rendered, and keeps them through a filter', () => {
    const list = makeList();
    const rows = renderRows(list, { 0: 140, 1: 140 });
    FakeResizeObserver.current!.fire(rows);
    flushSync();
    // Rows 0 and 1 now take 150 px each: 300 px shows rows 0 and 1 only.
    expect([list.start, list.end]).toEqual([0, 4]);
    expect(list.after).toBe(96 * 60);

    items = ['item-1', 'item-50', 'item-51'];
    flushSync();
    expect(list.rows.map((r) => r.item)).toEqual(['item-1', 'item-50', 'item-51']);
    expect(list.after).toBe(0);
    expect(list.before).toBe(0);
    // Nothing more to scroll past: the list is clamped to what there is.
    scrollTo(5000);
    expect(list.rows.map((r) => r.item)).toEqual(['item-1', 'item-50', 'item-51']);
  });

  it('keeps the reader in place when a row above what they see changes height', () => {
    const list = makeList();
    scrollTo(50 * 60);
    const rows = renderRows(list, { 48: 90 });
    FakeResizeObserver.current!.fire(rows);
    // Row 48 sits above the visible top and grew by 40 px: the scroller follows.
    expect(scroller.scrollBy).toHaveBeenCalledWith(0, 40);

    // A row below the top growing moves nothing the reader is looking at from its place.
    vi.mocked(scroller.scrollBy).mockClear();
    const again = renderRows(list, { 48: 90, 52: 80 });
    FakeResizeObserver.current!.fire(again);
    expect(scroller.scrollBy).not.toHaveBeenCalled();
  });

  it('renders a row asked for far from the visible ones', () => {
    const list = makeList();
    list.reveal(80);
    flushSync();
    expect(list.rows.map((r) => r.index)).toContain(80);
    // Asking for a rendered row changes nothing.
    const before = [list.start, list.end];
    list.reveal(81);
    expect([list.start, list.end]).toEqual(before);
  });

  it('stops following scrolling once detached', () => {
    const list = makeList();
    detach?.();
    detach = undefined;
    scrollTo(50 * 60);
    expect(list.start).toBe(0);
  });
});
