// The Reviewers screen suite's setup (beside the mocks and fresh desk of appSetup.ts): the
// screen opened as a profile on the fake reviewer desk, and the queries its tests use.
import { beforeEach } from 'vitest';
import { flushSync } from 'svelte';
import ReviewersScreen from '../lib/components/ReviewersScreen.svelte';
import type { ReviewerSummary } from '../lib/types';
import { session } from '../lib/session.svelte';
import { freshDesk, invokeMock } from './appSetup';
import { queries, settle } from './dom';
import { PROFILES, installReviewerDesk, sampleTools } from './fakeReviewers';
import type { ReviewerDeskOptions } from './fakeReviewers';

type Screen = { beforeLeave(): Promise<boolean> | null; startNew(): void };

export function reviewersSuite() {
  const fresh = freshDesk();
  let screen: (ReturnType<typeof fresh.mount> & Screen) | null = null;
  const { byTestId, byLabel } = queries(() => fresh.target);
  let changed = 0;

  beforeEach(() => {
    screen = null;
    changed = 0;
  });

  function must<T extends HTMLElement = HTMLElement>(id: string): T {
    const el = byTestId<T>(id);
    if (!el) throw new Error(`no element with data-testid "${id}"`);
    return el;
  }

  /** Mounts the screen on these reviewers; `onchanged` counts in `changed` unless given. */
  function mountScreen(reviewers: ReviewerSummary[], highlight: string | null, onchanged = () => void (changed += 1)) {
    screen = fresh.mount(ReviewersScreen, { reviewers, tools: sampleTools(), highlight, onchanged }) as typeof screen;
  }

  return {
    get target() {
      return fresh.target;
    },
    /** The screen as mounted, with what it offers the app. */
    get screen() {
      return screen;
    },
    /** How often the screen said the desk changed. */
    get changed() {
      return changed;
    },
    byTestId,
    byLabel,
    must,
    mountScreen,
    unmountScreen() {
      fresh.unmount(screen);
      screen = null;
    },
    /** A button by its accessible name (aria-label or text). */
    button(name: string, scope: ParentNode = fresh.target): HTMLButtonElement {
      const found = [...scope.querySelectorAll('button')].find(
        (b) => (b.getAttribute('aria-label') ?? b.textContent ?? '').replace(/\s+/g, ' ').trim() === name,
      );
      if (!found) throw new Error(`no button "${name}"`);
      return found;
    },
    tab: (name: string) => [...fresh.target.querySelectorAll<HTMLElement>('[role="tab"]')].find((t) => t.textContent?.trim() === name)!,
    calls: (command: string) => invokeMock.mock.calls.filter(([c]) => c === command).map(([, a]) => a as Record<string, unknown>),
    /** The screen as `profile` on the fake reviewer desk. */
    async open(profile: string, options: ReviewerDeskOptions = {}) {
      session.setProfiles(PROFILES);
      session.choose(profile);
      const desk = installReviewerDesk(invokeMock, options);
      mountScreen(desk.summaries(), null);
      flushSync();
      await settle();
      return desk;
    },
  };
}
