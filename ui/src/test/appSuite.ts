// The App suites' shared setup: a fresh target and profile list before each test, the app
// unmounted after, and the helpers they drive it with. Each suite file mocks the Tauri core
// (and events) itself, since mocks are hoisted per file, and hands its mocks in here.
import { afterEach, beforeEach, vi, type Mock } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import App from '../App.svelte';
import { session } from '../lib/session.svelte';
import type { Comparison, DraftPreview, Overview, SearchHit } from '../lib/types';
import { enterTauri, leaveTauri, newTarget, settle } from './dom';
import { installBackend } from './fakeBackend';
import { sampleComparison } from './fixtures';

export const SLUG = 'claude-haiku-open-weights-vs-llama-4-scout-quantized';

export type DraftRender = (draft: Comparison) => DraftPreview | Promise<DraftPreview>;

/** What a suite's event mock records: the handlers listening, and the names unlistened. */
export interface EventsMock {
  handlers: Map<string, (event: { payload: unknown }) => void>;
  unlisten: Mock;
}

export function appSuite(invokeMock: Mock, events: EventsMock) {
  let app: ReturnType<typeof mount> | null = null;
  let target: HTMLElement;

  beforeEach(() => {
    enterTauri();
    invokeMock.mockReset();
    localStorage.clear();
    session.setProfiles([]);
    events.handlers.clear();
    target = newTarget();
  });

  afterEach(() => {
    if (app) unmount(app);
    app = null;
    target.remove();
    leaveTauri();
    vi.useRealTimers();
  });

  const previewCalls = () => invokeMock.mock.calls.filter(([c]) => c === 'preview_draft');

  return {
    get target() {
      return target;
    },
    backend(
      overview: Overview | (() => Promise<Overview>),
      hits: SearchHit[] = [],
      draft?: DraftRender,
      comparisons: Comparison[] = [sampleComparison()],
    ) {
      return installBackend(invokeMock, { overview, hits, comparisons, ...(draft ? { draft } : {}) });
    },
    previewCalls,
    previewSlugs: () => previewCalls().map(([, args]) => (args as { draft: Comparison }).draft.slug),
    byTestId: (id: string) => target.querySelector<HTMLElement>(`[data-testid="${id}"]`),
    /** Mounts the app (without waiting for it). */
    mountApp() {
      app = mount(App, { target });
    },
    unmountApp() {
      if (app) unmount(app);
      app = null;
    },
    /** Mounts the app and lets its first reads finish. */
    async start() {
      app = mount(App, { target });
      flushSync();
      await settle();
    },
  };
}
