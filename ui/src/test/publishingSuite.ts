// The Publishing screen suites' shared setup (beside the mocks and fresh desk of
// appSetup.ts): a scripted core answering every publishing command (each test may replace
// some answers), the screen mounted as a profile, the core's events sent by hand.
import { beforeEach, vi } from 'vitest';
import { flushSync } from 'svelte';
import App from '../App.svelte';
import PublishingScreen from '../lib/components/PublishingScreen.svelte';
import { session } from '../lib/session.svelte';
import type { Comparison, ComparisonSummary } from '../lib/types';
import type { Receipt, VerifyReport, VotesReport } from '../lib/bindings';
import { events, freshDesk, invokeMock } from './appSetup';
import { queries, settle } from './dom';
import { sampleComparison, sampleProfiles } from './fixtures';
import { EMPTY_PLAN, SCHEDULED_AT, comparisons, pairs, sampleConflict, sampleReceipt, sampleView } from './publishingFixtures';
import type { PublishingView } from '../lib/bindings';

export type Handler = (args: Record<string, unknown>) => unknown;

export interface Options {
  view?: PublishingView | (() => PublishingView);
  handlers?: Record<string, Handler>;
}

type Exports = { startNew(): void };

export function publishingSuite() {
  const desk = freshDesk();
  let screen: (ReturnType<typeof desk.mount> & Exports) | null = null;
  const { byTestId, byLabel } = queries(() => desk.target);
  let onchanged: ReturnType<typeof vi.fn<() => void>>;

  function installPublishing(options: Options = {}) {
    const base = options.view ?? sampleView();
    const currentView = () => structuredClone(typeof base === 'function' ? base() : base);
    const defaults: Record<string, Handler> = {
      publishing_view: () => currentView(),
      add_target: () => null,
      remove_target: () => null,
      test_target: () => 'Verdict page API v1 at https://verdicts.example.com/api/v1, 3 pages',
      publish_pages: () => ({ ...EMPTY_PLAN, queued: pairs(3), unchanged: pairs(12) }),
      unpublish_pages: () => ({ ...EMPTY_PLAN, queued: [['main-site', 'alpha-vs-beta']] }),
      retry_job: () => null,
      get_conflict: () => sampleConflict(),
      resolve_conflict: () => null,
      pull_votes: (): VotesReport => ({ target: 'main-site', saved: 4, skipped: 1 }),
      receipts: (): Receipt[] => [sampleReceipt()],
      verify_pages: (): VerifyReport => ({ receipts: [sampleReceipt()], not_checked: [] }),
      open_link: () => null,
      choose_folder: () => '/srv/www/verdicts',
      get_comparison: (args): Comparison => ({
        ...sampleComparison(),
        slug: String(args['slug']),
        status: 'scheduled',
        scheduled_for: SCHEDULED_AT,
      }),
    };
    const handlers = { ...defaults, ...options.handlers };
    invokeMock.mockImplementation(async (cmd: string, args: Record<string, unknown> = {}) => {
      const handler = handlers[cmd];
      if (!handler) throw { code: 'unknown_command', message: `unknown command ${cmd}` };
      return handler(args);
    });
    return {
      calls: (command: string) =>
        invokeMock.mock.calls.filter(([c]) => c === command).map(([, args]) => (args ?? {}) as Record<string, unknown>),
    };
  }

  function mountScreen(props: { comparisons: ComparisonSummary[]; publishWarning: string | null }) {
    screen = desk.mount(PublishingScreen, { ...props, onchanged }) as ReturnType<typeof desk.mount> & Exports;
  }

  beforeEach(() => {
    screen = null;
    onchanged = vi.fn<() => void>();
  });

  return {
    get target() {
      return desk.target;
    },
    /** What the screen tells the app when the desk changed (a fresh mock per test). */
    get onchanged() {
      return onchanged;
    },
    get screen() {
      return screen;
    },
    byTestId,
    byLabel,
    button: (id: string) => byTestId<HTMLButtonElement>(id)!,
    installPublishing,
    mountScreen,
    unmountScreen() {
      desk.unmount(screen);
      screen = null;
    },
    mountApp() {
      desk.mount(App);
    },
    /** The core sends `name` with `payload`. */
    emit(name: string, payload: unknown) {
      const handler = events.handlers.get(name);
      if (!handler) throw new Error(`nobody listens to ${name}`);
      handler({ payload });
      flushSync();
    },
    /** The Publishing screen on the sample desk, as `profile`. */
    async start(options: Options = {}, profile = 'publisher', publishWarning: string | null = null) {
      const backend = installPublishing(options);
      session.setProfiles(sampleProfiles());
      session.choose(profile);
      mountScreen({ comparisons: comparisons(), publishWarning });
      flushSync();
      await settle();
      return backend;
    },
  };
}
