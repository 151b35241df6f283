// The App suites' shared setup (beside the mocks and fresh desk of appSetup.ts): the sample
// desk installed as the core, the app mounted, and the helpers they drive it with.
import { flushSync } from 'svelte';
import App from '../App.svelte';
import type { Comparison, DraftPreview, Overview, SearchHit } from '../lib/types';
import { freshDesk, invokeMock } from './appSetup';
import { settle } from './dom';
import { installBackend } from './fakeBackend';
import { sampleComparison } from './fixtures';

export const SLUG = 'claude-haiku-open-weights-vs-llama-4-scout-quantized';

export type DraftRender = (draft: Comparison) => DraftPreview | Promise<DraftPreview>;

export function appSuite() {
  const desk = freshDesk();
  let app: ReturnType<typeof desk.mount> | null = null;

  const previewCalls = () => invokeMock.mock.calls.filter(([c]) => c === 'preview_draft');

  return {
    get target() {
      return desk.target;
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
    byTestId: (id: string) => desk.target.querySelector<HTMLElement>(`[data-testid="${id}"]`),
    /** Mounts the app (without waiting for it). */
    mountApp() {
      app = desk.mount(App);
    },
    unmountApp() {
      desk.unmount(app);
      app = null;
    },
    /** Mounts the app and lets its first reads finish. */
    async start() {
      app = desk.mount(App);
      flushSync();
      await settle();
    },
  };
}
