// The Publishing screen's model: where pages go (targets), what is on its way (the queue),
// what each target holds, and the actions on them. The panels in components/publishing/
// show it; the core decides everything (roles, outbox, conflicts).
import { tick, untrack } from 'svelte';
import {
  getComparison,
  onPublishProgress,
  onPublishSettled,
  openLink,
  publishPages,
  publishingView,
  pullVotes,
  removeTarget,
  retryJob,
  testTarget,
  toApiError,
  unpublishPages,
} from './api';
import { plural, progressCounts, targetAddedNotice } from './format';
import { Latest } from './query';
import { actingAs, session } from './session.svelte';
import { isLater, isWebLink, publisherHint, sortJobs, when } from './publishingText';
import type { PageState, Progress, PublishPlan, PublishingView, TargetKind } from './bindings';
import type { ApiError, ComparisonStatus, ComparisonSummary } from './types';

/** Progress events arrive after every attempt; the view is read again at most this often. */
export const RELOAD_THROTTLE_MS = 1000;

export type Section = 'targets' | 'publish' | 'queue' | 'pages';

export interface PageRow {
  slug: string;
  title: string;
  status: ComparisonStatus | null;
  held: PageState[];
}

export interface PublishingProps {
  /** The desk's pages (from the overview): titles, statuses, and what is scheduled. */
  comparisons: ComparisonSummary[];
  /** Something the desk overview shows changed (a page was published or unpublished, votes came in). */
  onchanged?: (() => void) | undefined;
}

/**
 * The Publishing screen's state and actions, shared by its panels: the view of targets,
 * queue and pages, the one action running at a time, and each section's error and notice.
 * Call while a component initialises (it uses effects); `start()` on mount.
 */
export function createPublishing(props: () => PublishingProps) {
  let view = $state<PublishingView | null>(null);
  let loadError = $state<ApiError | null>(null);
  let errors = $state<Partial<Record<Section, ApiError>>>({});
  let notices = $state<Partial<Record<Section, string>>>({});
  /** The last run's counts, from the worker's events; null until one arrives. */
  let progress = $state<Progress | null>(null);

  let addingTarget = $state(false);
  let targetForm = $state<{ focus(): void } | null>(null);
  let addButton = $state<HTMLButtonElement | null>(null);
  /** What "Test connection" answered, per target: the answer, or the error's message. */
  let tests = $state<Record<string, { ok: boolean; text: string }>>({});
  /** What "Pull votes" reported, per target. */
  let votes = $state<Record<string, { ok: boolean; text: string }>>({});
  /** The action running now, e.g. "test:main", "publish:all", "retry:4"; buttons wait for it. */
  let busy = $state<string | null>(null);
  let confirmRemove = $state<string | null>(null);
  let confirmUnpublish = $state<string | null>(null);

  /** '' publishes to every target. */
  let publishTarget = $state('');
  let plan = $state<PublishPlan | null>(null);

  let conflictJob = $state<number | null>(null);
  /** The button that opened a dialog or a question, to give the focus back to. */
  let returnFocus: HTMLElement | null = null;
  let root = $state<HTMLElement | null>(null);

  /** When each scheduled page goes out (null while unknown). */
  let scheduledFor = $state<Record<string, string | null>>({});

  const canPublish = $derived(session.can('publisher'));
  const hasProfile = $derived(session.current !== null);
  const hint = (what: string) => (hasProfile ? publisherHint(what) : 'Choose a profile in the sidebar');

  const titles = $derived(new Map(props().comparisons.map((c) => [c.slug, c.title])));
  const statuses = $derived(new Map(props().comparisons.map((c) => [c.slug, c.status])));
  const titleOf = (slug: string) => titles.get(slug) ?? slug;

  const targets = $derived(view?.targets ?? []);
  const jobs = $derived(sortJobs(view?.jobs ?? []));
  const waiting = $derived(jobs.filter((j) => j.state === 'queued' || j.state === 'running').length);
  const failedCount = $derived(jobs.filter((j) => j.state === 'failed').length);
  const conflictCount = $derived(jobs.filter((j) => j.state === 'conflict').length);
  const counts = $derived(progress ? progressCounts(progress) : null);
  const scheduled = $derived(props().comparisons.filter((c) => c.status === 'scheduled'));


  /** Every page that is or may go out: approved, scheduled or published, or held by a target. */
  const pageRows = $derived.by((): PageRow[] => {
    const held = new Map<string, PageState[]>();
    for (const p of view?.pages ?? []) held.set(p.slug, [...(held.get(p.slug) ?? []), p]);
    const slugs = new Set<string>();
    for (const c of props().comparisons) if (c.status === 'approved' || c.status === 'scheduled' || c.status === 'published') slugs.add(c.slug);
    for (const slug of held.keys()) slugs.add(slug);
    return [...slugs]
      .map((slug) => ({ slug, title: titleOf(slug), status: statuses.get(slug) ?? null, held: held.get(slug) ?? [] }))
      .sort((a, b) => a.title.localeCompare(b.title));
  });

  const publishTo = $derived(publishTarget === '' ? 'every target' : publishTarget);

  // ---- Loading ----------------------------------------------------------------------------
  const reads = new Latest();
  let lastLoad = 0;
  let reloadTimer: ReturnType<typeof setTimeout> | null = null;

  function load() {
    lastLoad = Date.now();
    return reads.take(publishingView(), {
      ok: (result) => {
        view = result;
        loadError = null;
        // A target that went away is not offered any more.
        if (publishTarget !== '' && !result.targets.some((t) => t.name === publishTarget)) publishTarget = '';
      },
      failed: (err) => (loadError = toApiError(err)),
    });
  }

  /** Reads the view again soon, but not more often than RELOAD_THROTTLE_MS. */
  function reloadSoon() {
    if (reloadTimer !== null) return;
    const wait = Math.max(0, lastLoad + RELOAD_THROTTLE_MS - Date.now());
    reloadTimer = setTimeout(() => {
      reloadTimer = null;
      void load();
    }, wait);
  }

  function reloadNow() {
    if (reloadTimer !== null) clearTimeout(reloadTimer);
    reloadTimer = null;
    void load();
  }

  async function loadSchedule(slug: string) {
    try {
      const page = await getComparison(slug);
      scheduledFor[slug] = page.scheduled_for;
    } catch {
      // The time is a nicety here; the page is listed without it.
    }
  }

  $effect(() => {
    const slugs = scheduled.map((c) => c.slug);
    untrack(() => {
      for (const slug of slugs) {
        if (slug in scheduledFor) continue;
        scheduledFor[slug] = null;
        void loadSchedule(slug);
      }
    });
  });

  /**
   * The worker settled the queue. It says so after every look at the queue (every half
   * minute), so a run that did nothing leaves the last run's counts on screen.
   */
  function settled(summary: Progress) {
    const worked = progressCounts(summary).total > 0;
    if (worked) progress = summary;
    if (worked || waiting > 0) reloadNow();
    // Scheduled pages whose time came went out (with no target, without any job):
    // the desk shows them as published now.
    const due = scheduled.some((c) => {
      const at = scheduledFor[c.slug];
      return typeof at === 'string' && !isLater(at);
    });
    if (worked || due) props().onchanged?.();
  }

  /** Starts following the publishing queue; returns how to stop. */
  function start(): (() => void) | void {
    void load();
    const stops = [
      onPublishProgress((p) => {
        progress = p;
        reloadSoon();
      }),
      onPublishSettled(settled),
    ];
    return () => {
      for (const stop of stops) stop();
      if (reloadTimer !== null) clearTimeout(reloadTimer);
    };
  }

  // ---- Doing things -----------------------------------------------------------------------
  /**
   * Runs one action: one at a time, its error shown in its section. Resolves to whether it
   * worked.
   */
  async function act(key: string, section: Section, work: () => Promise<void>): Promise<boolean> {
    if (busy !== null) return false;
    busy = key;
    errors[section] = undefined;
    notices[section] = undefined;
    try {
      await work();
      return true;
    } catch (err) {
      errors[section] = toApiError(err);
      return false;
    } finally {
      busy = null;
    }
  }

  function remember(e: Event) {
    returnFocus = e.currentTarget instanceof HTMLElement ? e.currentTarget : null;
  }

  async function giveFocusBack(fallback?: string) {
    await tick();
    const el = returnFocus;
    returnFocus = null;
    if (el && el.isConnected && !(el as HTMLButtonElement).disabled) el.focus();
    else if (fallback) root?.querySelector<HTMLElement>(fallback)?.focus();
  }

  /** Ctrl/Cmd+N on this screen: add a target. */
  function startNew() {
    addingTarget = true;
    void tick().then(() => targetForm?.focus());
  }

  function cancelAdd() {
    addingTarget = false;
    void tick().then(() => addButton?.focus());
  }

  function targetAdded(name: string, kind: TargetKind) {
    addingTarget = false;
    notices.targets = targetAddedNotice(name, kind);
    void load();
    void tick().then(() => addButton?.focus());
  }

  async function testConnection(name: string) {
    const key = `test:${name}`;
    if (busy !== null) return;
    busy = key;
    delete tests[name];
    try {
      tests[name] = { ok: true, text: await testTarget(name) };
    } catch (err) {
      tests[name] = { ok: false, text: toApiError(err).message };
    } finally {
      busy = null;
    }
  }

  async function pull(name: string) {
    if (!canPublish || busy !== null) return;
    busy = `votes:${name}`;
    delete votes[name];
    try {
      const report = await pullVotes(name);
      const skipped = report.skipped > 0 ? `; ${plural(report.skipped, 'count')} for pages or tools this desk does not have skipped` : '';
      votes[name] = { ok: true, text: `Saved ${plural(report.saved, 'vote count')}${skipped}.` };
      props().onchanged?.();
    } catch (err) {
      votes[name] = { ok: false, text: toApiError(err).message };
    } finally {
      busy = null;
    }
  }

  async function askRemove(e: Event, name: string) {
    remember(e);
    confirmUnpublish = null;
    confirmRemove = name;
    await tick();
    // The safe answer has the focus, so a stray Enter removes nothing.
    root?.querySelector<HTMLElement>('[data-testid="remove-cancel"]')?.focus();
  }

  async function remove(name: string) {
    const ok = await act(`remove:${name}`, 'targets', () => removeTarget(actingAs(), name));
    confirmRemove = null;
    if (!ok) return;
    delete tests[name];
    delete votes[name];
    notices.targets = `Removed the target “${name}”, its queue and its secret. The pages it holds stay online there.`;
    await load();
    void giveFocusBack('[data-testid="add-target"]');
  }

  function cancelRemove() {
    confirmRemove = null;
    void giveFocusBack();
  }

  function showPlan(result: PublishPlan, section: Section) {
    plan = result;
    if (result.published.length > 0) {
      notices[section] = `Published ${result.published.map(titleOf).map((t) => `“${t}”`).join(', ')}.`;
      props().onchanged?.();
    }
    void load();
  }

  async function publishAll() {
    if (!canPublish) return;
    await act('publish:all', 'publish', async () => {
      // A new run starts: the last one's counts no longer say where things stand. Cleared
      // before asking, since the worker's first progress can arrive before the answer.
      progress = null;
      showPlan(await publishPages(actingAs(), publishTarget || null, []), 'publish');
    });
  }

  async function publishPage(slug: string) {
    if (!canPublish) return;
    await act(`publish:${slug}`, 'pages', async () => {
      progress = null;
      showPlan(await publishPages(actingAs(), publishTarget || null, [slug]), 'pages');
    });
  }

  async function askUnpublish(e: Event, slug: string) {
    remember(e);
    confirmRemove = null;
    confirmUnpublish = slug;
    await tick();
    root?.querySelector<HTMLElement>('[data-testid="unpublish-cancel"]')?.focus();
  }

  async function unpublish(slug: string) {
    const ok = await act(`unpublish:${slug}`, 'pages', async () => {
      progress = null;
      const result = await unpublishPages(actingAs(), [slug]);
      const from = result.queued.length > 0 ? ` Removing it from ${plural(result.queued.length, 'target')}.` : '';
      notices.pages = `Unpublished “${titleOf(slug)}”: it is approved again.${from}`;
      props().onchanged?.();
    });
    confirmUnpublish = null;
    if (ok) await load();
    void giveFocusBack();
  }

  function cancelUnpublish() {
    confirmUnpublish = null;
    void giveFocusBack();
  }

  async function retry(id: number) {
    if (!canPublish) return;
    progress = null;
    const ok = await act(`retry:${id}`, 'queue', () => retryJob(actingAs(), id));
    if (ok) await load();
  }

  function review(e: Event, id: number) {
    remember(e);
    conflictJob = id;
  }

  function conflictClosed() {
    conflictJob = null;
    void giveFocusBack('[data-testid="queue-title"]');
  }

  function conflictResolved(overwrite: boolean) {
    const job = view?.jobs.find((j) => j.id === conflictJob);
    conflictJob = null;
    const page = job ? `“${titleOf(job.slug)}” on ${job.target}` : 'the page';
    notices.queue = overwrite
      ? `Sending our version of ${page} again.`
      : `Kept the target’s copy of ${page}; it is marked “kept theirs”.`;
    void load().then(() => giveFocusBack('[data-testid="queue-title"]'));
  }

  // ---- Links ------------------------------------------------------------------------------
  function follow(e: MouseEvent, url: string) {
    // Never navigates the app: the page opens in the system's browser.
    e.preventDefault();
    if (e.type === 'auxclick' && e.button !== 1) return;
    openLink(url).then(
      () => (errors.pages = undefined),
      (err: unknown) => (errors.pages = toApiError(err)),
    );
  }

  // The state the panels read and write, then what they only read, then the actions.
  return {
    get view() { return view; }, set view(v) { view = v; },
    get loadError() { return loadError; }, set loadError(v) { loadError = v; },
    get errors() { return errors; }, set errors(v) { errors = v; },
    get notices() { return notices; }, set notices(v) { notices = v; },
    get progress() { return progress; }, set progress(v) { progress = v; },
    get addingTarget() { return addingTarget; }, set addingTarget(v) { addingTarget = v; },
    get targetForm() { return targetForm; }, set targetForm(v) { targetForm = v; },
    get addButton() { return addButton; }, set addButton(v) { addButton = v; },
    get tests() { return tests; }, set tests(v) { tests = v; },
    get votes() { return votes; }, set votes(v) { votes = v; },
    get busy() { return busy; }, set busy(v) { busy = v; },
    get confirmRemove() { return confirmRemove; }, set confirmRemove(v) { confirmRemove = v; },
    get confirmUnpublish() { return confirmUnpublish; }, set confirmUnpublish(v) { confirmUnpublish = v; },
    get publishTarget() { return publishTarget; }, set publishTarget(v) { publishTarget = v; },
    get plan() { return plan; }, set plan(v) { plan = v; },
    get conflictJob() { return conflictJob; }, set conflictJob(v) { conflictJob = v; },
    get root() { return root; }, set root(v) { root = v; },
    get scheduledFor() { return scheduledFor; }, set scheduledFor(v) { scheduledFor = v; },
    get canPublish() { return canPublish; },
    get hasProfile() { return hasProfile; },
    get hint() { return hint; },
    get titles() { return titles; },
    get statuses() { return statuses; },
    get titleOf() { return titleOf; },
    get targets() { return targets; },
    get jobs() { return jobs; },
    get waiting() { return waiting; },
    get failedCount() { return failedCount; },
    get conflictCount() { return conflictCount; },
    get counts() { return counts; },
    get scheduled() { return scheduled; },
    get pageRows() { return pageRows; },
    get publishTo() { return publishTo; },
    get isWebLink() { return isWebLink; },
    get isLater() { return isLater; },
    load,
    reloadSoon,
    reloadNow,
    loadSchedule,
    settled,
    start,
    act,
    remember,
    giveFocusBack,
    startNew,
    cancelAdd,
    targetAdded,
    testConnection,
    pull,
    askRemove,
    remove,
    cancelRemove,
    showPlan,
    publishAll,
    publishPage,
    askUnpublish,
    unpublish,
    cancelUnpublish,
    retry,
    review,
    conflictClosed,
    conflictResolved,
    follow,
    when,
  };
}

export type Publishing = ReturnType<typeof createPublishing>;
