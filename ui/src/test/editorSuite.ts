// The comparison editor suites' shared setup (beside the mocks and fresh desk of appSetup.ts):
// no filters before each test; opening the sample comparison in the editor, and reading what
// was sent to the core.
import { beforeEach, expect } from 'vitest';
import { flushSync } from 'svelte';
import App from '../App.svelte';
import { resetComparisonFilters } from '../lib/comparisonFilters.svelte';
import { session } from '../lib/session.svelte';
import type { Comparison, ComparisonStatus, PageAction } from '../lib/types';
import { freshDesk, invokeMock } from './appSetup';
import { queries, settle } from './dom';
import { installBackend } from './fakeBackend';
import type { FakeBackendOptions } from './fakeBackend';
import { installWorkflow } from './fakeWorkflow';
import type { FakeWorkflowOptions } from './fakeWorkflow';
import { sampleComparison, sampleProfiles } from './fixtures';

export const SLUG = 'claude-haiku-open-weights-vs-llama-4-scout-quantized';
export const HAIKU = 'claude-haiku-open-weights';
export const SCOUT = 'llama-4-scout-quantized';

export function editorSuite() {
  // The chosen profile is remembered on the machine; every test starts from none.
  const fresh = freshDesk();
  const { byTestId, byLabel } = queries(() => fresh.target);

  beforeEach(() => {
    resetComparisonFilters();
  });

  const calls = (command: string) => invokeMock.mock.calls.filter(([c]) => c === command).map(([, a]) => a as Record<string, unknown>);

  return {
    get target() {
      return fresh.target;
    },
    /** Keeps a component mounted by the test, to unmount after it. */
    track: fresh.track,
    byTestId,
    byLabel,
    calls,
    drafts: () => calls('preview_draft').map((a) => a['draft'] as Comparison),
    saves: () => calls('save_comparison').map((a) => a['comparison'] as Comparison),
    frame: () => byTestId<HTMLIFrameElement>('page-preview'),
    pageActions: () => calls('page_action') as Array<{ profile: string; slug: string; action: PageAction }>,
    bar: () => byTestId('workflow-bar')!,
    withStatus: (status: ComparisonStatus, extra: Partial<Comparison> = {}): FakeBackendOptions => ({
      comparisons: [{ ...sampleComparison(), status, ...extra }],
    }),
    /** Works as `slug` from now on, the way the role switcher does, once the core has said what they may do. */
    async workAs(slug: string) {
      session.setProfiles(sampleProfiles());
      session.choose(slug);
      flushSync();
      await settle();
    },
    /** The app on the sample desk, with the sample comparison open in the editor. */
    async openEditor(options: FakeBackendOptions = {}, workflow: Partial<FakeWorkflowOptions> = {}) {
      const backend = installBackend(invokeMock, options);
      installWorkflow(invokeMock, { stored: backend.stored, profiles: sampleProfiles(), ...workflow });
      fresh.mount(App);
      flushSync();
      await settle();
      byTestId(`comparison-row-${SLUG}`)?.click();
      flushSync();
      await settle();
      expect(byTestId('field-title')).not.toBeNull();
      return backend;
    },
  };
}
