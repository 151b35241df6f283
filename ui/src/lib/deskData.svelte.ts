// The desk's lists (the overview the screens show), kept up to date change by change. The
// core's `deskChanged` event names what each committed write changed (kind and key, from
// this desk, the team, an import or the publishing queue); only the rows those touch are
// read again (`deskRows`: one page's summary after one page's save) and put in place. The
// whole desk is read at start, on Reload, and when all of it changed (an import, a team
// joined, an event naming more than WHOLE_DESK_AFTER things).
//
// Ordering, in one place: one rows read at a time, each answer stamped with the store's
// generation it was read at; an event is skipped for a row already shown at its generation
// or later, and a row is only replaced by a read at least as new as the one it shows.
import { deskOverview, deskOverviewFirst, deskRows, onDeskChanged } from './api';
import { commentCountsStore } from './commentCounts.svelte';
import type { Change, DeskChanges, DeskRows, Overview } from './bindings';
import { Latest } from './query';

/** An event naming more things than this reads the whole desk instead of its rows. */
export const WHOLE_DESK_AFTER = 200;

/**
 * Pages of the list's first screenful, read before the whole desk when nothing is shown yet
 * (a few milliseconds on any desk; the whole overview of 10,000 pages takes a good part of a
 * second). More than a tall window shows, with the list's overscan.
 */
export const FIRST_ROWS = 40;

/** A row's tag: what it is, `kind:key`. */
export const tagOf = (c: Pick<Change, 'kind' | 'key'>) => `${c.kind}:${c.key}`;

export interface DeskDataOptions {
  /** The whole desk was read. */
  loaded?(): void;
  /** A read failed (the whole desk or some rows). */
  failed?(err: unknown): void;
  /** The core said all of the desk changed (an import, a team joined): read again whole. */
  replaced?(): void;
}

/** A row to read, and the newest generation an event named it at. */
interface Wanted {
  change: Change;
  generation: number;
}

export type DeskData = ReturnType<typeof createDeskData>;

export function createDeskData(options: DeskDataOptions = {}) {
  // Replaced whole, never changed in place: not deeply reactive, so a desk of 2,000 pages
  // (the list filters it on every keystroke) tracks nothing per page.
  let overview = $state.raw<Overview | null>(null);
  let loading = $state(true);
  const whole = new Latest();
  let wholeReading = false;
  /** Changes that came while the whole desk was read: their rows are read once it lands. */
  let duringWhole: Wanted[] = [];
  /** The generation each row on screen was read at (rows from a whole read have none). */
  const shownAt = new Map<string, number>();
  const waiting = new Map<string, Wanted>();
  let reading = false;
  /** Bumped by a whole read: rows read before it are not put over it. */
  let epoch = 0;
  let idle: (() => void)[] = [];

  /** Counts the loads started: a load that a newer one overtook leaves the reading to it. */
  let loads = 0;

  async function load(quiet = false): Promise<void> {
    const mine = ++loads;
    wholeReading = true;
    if (!quiet) loading = true;
    if (overview === null) {
      // Nothing shown yet: the first screenful first. Its failure is the whole read's to
      // report (that read follows at once and says what is wrong).
      await whole.take(() => deskOverviewFirst(FIRST_ROWS), {
        ok: (first) => {
          if (overview === null) overview = first;
        },
      });
      // Another load started meanwhile (a Reload, the whole desk changed): it reads the
      // whole desk; a second whole read at once would only cost the core its time.
      if (mine !== loads) return;
    }
    await whole.take(deskOverview, {
      ok: (result) => {
        epoch += 1;
        overview = result;
        shownAt.clear();
        options.loaded?.();
      },
      failed: (err) => {
        // The first screenful alone is not the desk: nothing shows rather than a list that
        // says it is reading all pages when nothing is (the error says why, with Retry).
        if (overview?.partial) overview = null;
        options.failed?.(err);
      },
      settled: () => {
        loading = false;
        wholeReading = false;
        const again = duringWhole;
        duringWhole = [];
        for (const w of again) want(w);
        schedule();
      },
    });
  }

  function want(w: Wanted) {
    const tag = tagOf(w.change);
    if ((shownAt.get(tag) ?? -1) >= w.generation) return;
    const before = waiting.get(tag);
    waiting.set(tag, { change: w.change, generation: Math.max(w.generation, before?.generation ?? -1) });
  }

  /** Takes the core's news of a committed write. */
  function take(event: DeskChanges) {
    if (event.changes.length > WHOLE_DESK_AFTER || event.changes.some((c) => c.kind === 'desk')) {
      void load(true);
      options.replaced?.();
      return;
    }
    const wanted = event.changes.map((change) => ({ change, generation: event.generation }));
    if (wholeReading) duringWhole.push(...wanted);
    else for (const w of wanted) want(w);
    schedule();
  }

  let scheduled = false;
  /** Reads what waits once the current task is done, so a burst of events is one read. */
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      void readRows();
    });
  }

  async function readRows() {
    if (reading || wholeReading) return;
    if (overview === null || waiting.size === 0) {
      settle();
      return;
    }
    const sent = [...waiting.values()];
    waiting.clear();
    reading = true;
    const startedIn = epoch;
    try {
      const rows = await deskRows(sent.map((w) => w.change));
      if (startedIn === epoch) {
        put(rows);
        // What was asked for is shown as of this read, whatever rows it came as (a
        // verdict as its reviewer's count and its tool's pages).
        const covered = new Set([...sent.map((w) => tagOf(w.change)), ...shownBy(rows)]);
        for (const tag of covered) if ((shownAt.get(tag) ?? -1) < rows.generation) shownAt.set(tag, rows.generation);
        // News told while this read ran, of something it covers and no newer than it, is in it.
        for (const [tag, w] of [...waiting]) {
          if (covered.has(tag) && w.generation <= rows.generation) waiting.delete(tag);
        }
      }
      // A change newer than this read (told while it ran) is read again.
      for (const w of sent) if (w.generation > rows.generation) want(w);
    } catch (err) {
      options.failed?.(err);
    } finally {
      reading = false;
    }
    schedule();
  }

  /** Puts `rows` in place of what they replace; a row shown from a newer read stays. */
  function put(rows: DeskRows) {
    const current = overview;
    if (current === null) return;
    const newer = (tag: string) => (shownAt.get(tag) ?? -1) > rows.generation;
    const mark = (tag: string) => shownAt.set(tag, rows.generation);
    const gone = new Set(rows.gone.map(tagOf));
    const merge = <T extends { slug: string }>(list: T[], kind: Change['kind'], fresh: T[]): T[] => {
      const wanted = fresh.filter((r) => !newer(`${kind}:${r.slug}`));
      const goneHere = [...gone].some((t) => t.startsWith(`${kind}:`));
      if (wanted.length === 0 && !goneHere) return list;
      const bySlug = new Map(wanted.map((r) => [r.slug, r]));
      const next = list
        .filter((r) => !gone.has(`${kind}:${r.slug}`))
        .map((r) => {
          const row = bySlug.get(r.slug);
          if (!row) return r;
          bySlug.delete(r.slug);
          return row;
        });
      // New rows go where the core lists them: by slug.
      for (const row of bySlug.values()) {
        let at = next.findIndex((r) => r.slug > row.slug);
        if (at < 0) at = next.length;
        next.splice(at, 0, row);
      }
      for (const r of wanted) mark(`${kind}:${r.slug}`);
      return next;
    };
    overview = {
      ...current,
      comparisons: merge(current.comparisons, 'comparison', rows.comparisons),
      tools: merge(current.tools, 'tool', rows.tools),
      reviewers: merge(current.reviewers, 'reviewer', rows.reviewers),
      ...(rows.site ? { site: rows.site.site, publish_warning: rows.site.publish_warning } : {}),
      ...(rows.targets ? { targets: rows.targets } : {}),
    };
    for (const t of gone) shownAt.set(t, rows.generation);
  }

  /** The tags of the rows an answer holds. */
  function shownBy(rows: DeskRows): string[] {
    return [
      ...rows.comparisons.map((r) => `comparison:${r.slug}`),
      ...rows.tools.map((r) => `tool:${r.slug}`),
      ...rows.reviewers.map((r) => `reviewer:${r.slug}`),
      ...rows.gone.map(tagOf),
    ];
  }

  function settle() {
    const waiters = idle;
    idle = [];
    for (const w of waiters) w();
  }

  return {
    /** The desk as the lists show it; null until first read. */
    get overview() {
      return overview;
    },
    /** A whole read that shows "Loading"/"Refreshing…" is under way. */
    get loading() {
      return loading;
    },
    load,
    take,
    /** Follows the core's `deskChanged` events until the returned function is called. */
    follow(): () => void {
      let on = true;
      const stop = onDeskChanged((event) => {
        if (on) {
          take(event);
          commentCountsStore.take(event);
        }
      });
      return () => {
        on = false;
        stop();
      };
    },
    /** Resolves once nothing waits to be read and no read runs. */
    idle(): Promise<void> {
      if (!reading && !wholeReading && waiting.size === 0 && !scheduled) return Promise.resolve();
      return new Promise((resolve) => idle.push(resolve));
    },
  };
}
