// The Tools screen suites' shared setup (beside the mocks and fresh desk of appSetup.ts): the
// editor Edie working before each test; the screen shown, a tool opened in its form, and what
// was sent to the core.
import { beforeEach, expect, vi } from 'vitest';
import { flushSync } from 'svelte';
import ToolsScreen from '../lib/components/ToolsScreen.svelte';
import type { Tool } from '../lib/types';
import { freshDesk, invokeMock } from './appSetup';
import { queries, settle } from './dom';
import { HAIKU, actAs, installTools, sampleTools } from './fakeTools';
import type { FakeToolsOptions } from './fakeTools';

type Screen = { beforeLeave(): Promise<boolean> | null; startNew(): void };

export function toolsSuite() {
  const fresh = freshDesk();
  let screen: (ReturnType<typeof fresh.mount> & Screen) | null = null;
  const { byTestId, byLabel } = queries(() => fresh.target);
  let onchanged: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    screen = null;
    actAs('edie');
  });

  const calls = (command: string) => invokeMock.mock.calls.filter(([c]) => c === command).map(([, a]) => a as Record<string, unknown>);

  function showScreen(highlight: string | null = null) {
    onchanged = vi.fn();
    screen = fresh.mount(ToolsScreen, { tools: sampleTools(), highlight, onchanged }) as typeof screen;
    flushSync();
  }

  return {
    get target() {
      return fresh.target;
    },
    /** The screen as mounted, with what it offers the app. */
    get screen() {
      return screen;
    },
    /** What the screen tells the app when a tool changed (a fresh mock per screen). */
    get onchanged() {
      return onchanged;
    },
    byTestId,
    byLabel,
    calls,
    drafts: () => calls('preview_tool').map((a) => a['draft'] as Tool),
    /** Every write of a tool, creations and saves, in order. */
    saves: () =>
      invokeMock.mock.calls.filter(([c]) => c === 'save_tool' || c === 'create_tool').map(([, a]) => a as Record<string, unknown>),
    frame: () => byTestId<HTMLIFrameElement>('page-preview'),
    saveState: () => byTestId('tool-save-state')?.textContent,
    showScreen,
    /** The screen with Claude Haiku open in its form. */
    async openTool(options: FakeToolsOptions = {}) {
      const backend = installTools(invokeMock, options);
      showScreen();
      byTestId(`tool-row-${HAIKU}`)!.click();
      flushSync();
      await settle();
      expect(byTestId('tool-editor')).not.toBeNull();
      return backend;
    },
  };
}
