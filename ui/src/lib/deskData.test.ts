// The desk's lists follow the core's change events row by row: one page's change re-reads
// that page's row, never the whole desk (issue 26, item 3).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enterTauri, leaveTauri, settle } from '../test/dom';
import { sampleOverview } from '../test/fixtures';
import type { Change, ComparisonSummary, DeskChanges, DeskRows, Overview } from './bindings';

const invokeMock = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke: invokeMock }));
const handlers = vi.hoisted(() => new Map<string, (event: { payload: unknown }) => void>());
vi.mock('@tauri-apps/api/event', () => ({
  listen: vi.fn(async (name: string, handler: (event: { payload: unknown }) => void) => {
    handlers.set(name, handler);
    return () => handlers.delete(name);
  }),
}));

import { createDeskData, FIRST_ROWS, WHOLE_DESK_AFTER } from './deskData.svelte';

/** A desk of `n` pages, page-000 … */
function desk(n: number): Overview {
  const o = sampleOverview();
  const page = o.comparisons[0]!;
  o.comparisons = Array.from({ length: n }, (_, i) => ({ ...page, slug: `page-${String(i).padStart(3, '0')}`, title: `Page ${i}` }));
  return o;
}

let stored: Overview;
let generation: number;
/** Answers to desk_rows the test holds back (resolved by hand), or null to answer at once. */
let held: ((rows: DeskRows) => void)[] | null;
/** Answers to desk_overview held back likewise. */
let wholeHeld: (() => void)[] | null;
/** The whole read fails. */
let wholeFails: boolean;
// (a held answer is the one computed when the read was asked: what the core read then)

function rows(changes: Change[]): DeskRows {
  const slugs = new Set(changes.filter((c) => c.kind === 'comparison').map((c) => c.key));
  const comparisons = stored.comparisons.filter((c) => slugs.has(c.slug));
  const gone = [...slugs]
    .filter((s) => !comparisons.some((c) => c.slug === s))
    .map((key): Change => ({ kind: 'comparison', key, what: 'removed' }));
  return { generation, comparisons: structuredClone(comparisons), tools: [], reviewers: [], gone, site: null, targets: null };
}

beforeEach(() => {
  enterTauri();
  handlers.clear();
  invokeMock.mockReset();
  stored = desk(2000);
  generation = 10;
  held = null;
  wholeHeld = null;
  wholeFails = false;
  invokeMock.mockImplementation(async (cmd: string, args?: { changes: Change[] }) => {
    if (cmd === 'desk_overview') {
      const answer = structuredClone(stored);
      const give = () => (wholeFails ? Promise.reject({ code: 'damaged_database', message: 'damaged' }) : Promise.resolve(answer));
      if (wholeHeld) return new Promise<Overview>((resolve, reject) => wholeHeld!.push(() => give().then(resolve, reject)));
      return give();
    }
    if (cmd === 'desk_overview_first') {
      const { limit } = args as unknown as { limit: number };
      return { ...structuredClone(stored), comparisons: structuredClone(stored.comparisons.slice(0, limit)), partial: true };
    }
    if (cmd === 'desk_rows') {
      const answer = rows(args!.changes);
      if (held) return new Promise<DeskRows>((resolve) => held!.push(() => resolve(answer)));
      return answer;
    }
    throw new Error(`unexpected ${cmd}`);
  });
});

afterEach(() => leaveTauri());

const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, a]) => a);

function emit(changes: Change[], at = generation) {
  const payload: DeskChanges = { generation: at, origin: 'local', changes };
  handlers.get('desk-changed')!({ payload });
}

const saved = (key: string): Change => ({ kind: 'comparison', key, what: 'saved' });

async function started() {
  const data = createDeskData();
  data.follow();
  await data.load();
  await settle();
  return data;
}

function retitle(slug: string, title: string) {
  generation += 1;
  const row = stored.comparisons.find((c) => c.slug === slug)!;
  row.title = title;
}

describe('the desk lists', () => {
  it('re-read one row when one page changes, and leave every other row as it was', async () => {
    const data = await started();
    const before = data.overview!.comparisons;
    retitle('page-042', 'Page forty-two, retitled');
    emit([saved('page-042')]);
    await data.idle();

    expect(calls('desk_overview')).toHaveLength(1);
    expect(calls('desk_rows')).toEqual([{ changes: [saved('page-042')] }]);
    const after = data.overview!.comparisons;
    expect(after).toHaveLength(2000);
    expect(after[42]!.title).toBe('Page forty-two, retitled');
    // Untouched rows are the very same objects: nothing else is re-rendered.
    expect(after.filter((c, i) => c !== before[i]).map((c) => c.slug)).toEqual(['page-042']);
  });

  it('read a burst of changes in one call', async () => {
    const data = await started();
    retitle('page-001', 'One');
    emit([saved('page-001')]);
    retitle('page-002', 'Two');
    emit([saved('page-002')]);
    await data.idle();
    expect(calls('desk_rows')).toEqual([{ changes: [saved('page-001'), saved('page-002')] }]);
    expect(data.overview!.comparisons.slice(1, 3).map((c) => c.title)).toEqual(['One', 'Two']);
  });

  it('skip news a row already shows, and read again news newer than a read under way', async () => {
    const data = await started();
    held = [];
    retitle('page-007', 'Seven');
    emit([saved('page-007')]);
    await settle();
    expect(calls('desk_rows')).toHaveLength(1);
    // While that read runs (it reads generation 11), the page changes again (12).
    const first = held.shift()!;
    retitle('page-007', 'Seven again');
    emit([saved('page-007')]);
    held = null;
    first(rows([]));
    await settle();
    await data.idle();
    expect(calls('desk_rows')).toHaveLength(2);
    expect(data.overview!.comparisons[7]!.title).toBe('Seven again');

    // An event no newer than what the row shows asks nothing.
    emit([saved('page-007')], generation - 1);
    await data.idle();
    expect(calls('desk_rows')).toHaveLength(2);
  });

  it('put a new page where the core lists it and take a removed one away', async () => {
    const data = await started();
    generation += 1;
    const page: ComparisonSummary = { ...stored.comparisons[0]!, slug: 'page-000a', title: 'New' };
    stored.comparisons.splice(1, 0, page);
    stored.comparisons = stored.comparisons.filter((c) => c.slug !== 'page-003');
    emit([saved('page-000a'), { kind: 'comparison', key: 'page-003', what: 'removed' }]);
    await data.idle();
    const slugs = data.overview!.comparisons.map((c) => c.slug);
    expect(slugs.slice(0, 4)).toEqual(['page-000', 'page-000a', 'page-001', 'page-002']);
    expect(slugs).not.toContain('page-003');
    expect(slugs).toHaveLength(2000);
  });

  it('read the whole desk when all of it changed, and rows changed meanwhile after it', async () => {
    const data = await started();
    const many = Array.from({ length: WHOLE_DESK_AFTER + 1 }, (_, i) => saved(`page-${String(i).padStart(3, '0')}`));
    emit(many);
    // Told while the whole desk is read: read once it has landed.
    retitle('page-500', 'Five hundred');
    emit([saved('page-500')]);
    await settle();
    await data.idle();
    expect(calls('desk_overview')).toHaveLength(2);
    expect(calls('desk_rows')).toEqual([{ changes: [saved('page-500')] }]);
    expect(data.overview!.comparisons[500]!.title).toBe('Five hundred');

    emit([{ kind: 'desk', key: '', what: 'saved' }]);
    await settle();
    await data.idle();
    expect(calls('desk_overview')).toHaveLength(3);
  });

  it('show the first screenful while the whole desk is read at start, and only the whole after', async () => {
    wholeHeld = [];
    const data = createDeskData();
    const loaded = data.load();
    await settle();
    expect(calls('desk_overview_first')).toEqual([{ limit: FIRST_ROWS }]);
    expect(data.overview!.partial).toBe(true);
    expect(data.overview!.comparisons).toHaveLength(FIRST_ROWS);
    expect(data.loading).toBe(true);
    // A page saved meanwhile is read once the whole desk has landed.
    data.follow();
    retitle('page-001', 'Saved meanwhile');
    emit([saved('page-001')]);
    await settle();
    expect(calls('desk_rows')).toEqual([]);

    wholeHeld.shift()!();
    await loaded;
    await data.idle();
    expect(data.overview!.partial).toBe(false);
    expect(data.overview!.comparisons).toHaveLength(2000);
    expect(data.overview!.comparisons[1]!.title).toBe('Saved meanwhile');
    expect(data.loading).toBe(false);

    // A reload with the desk shown reads only the whole.
    wholeHeld = null;
    await data.load(true);
    expect(calls('desk_overview_first')).toHaveLength(1);
    expect(calls('desk_overview')).toHaveLength(2);
  });

  it('show nothing (and say why) when the whole desk cannot be read after the first screenful', async () => {
    wholeHeld = [];
    const failed = vi.fn();
    const data = createDeskData({ failed });
    const loaded = data.load();
    await settle();
    expect(data.overview!.partial).toBe(true);
    // The whole read, held so far, fails.
    wholeFails = true;
    wholeHeld.shift()!();
    await loaded;
    expect(failed).toHaveBeenCalled();
    expect(data.overview).toBeNull();
    expect(data.loading).toBe(false);
  });

  it('say when all of the desk changed, and read it whole once even when a load was under way', async () => {
    wholeHeld = [];
    const replaced = vi.fn();
    const data = createDeskData({ replaced });
    data.follow();
    const first = data.load();
    // The whole desk changes while the first screenful is read: one whole read, not two.
    emit([{ kind: 'desk', key: '', what: 'saved' }]);
    expect(replaced).toHaveBeenCalledTimes(1);
    await settle();
    while (wholeHeld.length > 0) {
      wholeHeld.shift()!();
      await settle();
    }
    await first;
    await data.idle();
    expect(calls('desk_overview')).toHaveLength(1);
    expect(data.overview!.partial).toBe(false);
  });

  it('stop hearing the core once stopped', async () => {
    const data = createDeskData();
    const stop = data.follow();
    await data.load();
    await settle();
    const handler = handlers.get('desk-changed')!;
    stop();
    handler({ payload: { generation: 99, origin: 'team', changes: [saved('page-001')] } });
    await settle();
    expect(calls('desk_rows')).toHaveLength(0);
  });
});
