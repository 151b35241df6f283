// Keyboard (issue 18, item 5): Ctrl+K's results are reached with the arrow keys and opened
// with Enter; Escape in a field of the comparison editor saves and goes back to the list.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enterTauri, key, leaveTauri, newTarget, settle as settleDom } from './test/dom';
import { flushSync, mount, unmount } from 'svelte';
import type { SearchHit } from './lib/types';
import { sampleOverview } from './test/fixtures';
import { installBackend } from './test/fakeBackend';
import { session } from './lib/session.svelte';

const invokeMock = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke: invokeMock }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn(async () => () => {}) }));

import App from './App.svelte';

const SLUG = 'claude-haiku-open-weights-vs-llama-4-scout-quantized';
const HITS: SearchHit[] = [
  { entity: 'comparison', key: SLUG, title: 'Claude Haiku Open Weights vs Llama 4 Scout Quantized', snippet: '' },
  { entity: 'tool', key: 'claude-haiku-open-weights', title: 'Claude Haiku Open Weights', snippet: '' },
];

let app: ReturnType<typeof mount> | null = null;
let target: HTMLElement;
const byTestId = (id: string) => target.querySelector<HTMLElement>(`[data-testid="${id}"]`);

const settle = () => settleDom(30);


beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
  enterTauri();
  invokeMock.mockReset();
  localStorage.clear();
  session.setProfiles([]);
  target = newTarget();
});

afterEach(() => {
  if (app) unmount(app);
  app = null;
  target.remove();
  leaveTauri();
  vi.useRealTimers();
});

async function search(q: string) {
  const input = byTestId('search-input') as HTMLInputElement;
  key('k', { ctrlKey: true });
  expect(document.activeElement).toBe(input);
  input.value = q;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
  await vi.advanceTimersByTimeAsync(200);
  await settle();
  return input;
}

describe('Ctrl+K results by keyboard', () => {
  it('moves with the arrows and opens with Enter', async () => {
    installBackend(invokeMock, { overview: sampleOverview(), hits: HITS });
    app = mount(App, { target });
    await settle();
    const input = await search('haiku');
    const page = byTestId(`search-hit-comparison-${SLUG}`)!;
    const tool = byTestId('search-hit-tool-claude-haiku-open-weights')!;

    expect(key('ArrowDown').defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(page);
    key('ArrowDown');
    expect(document.activeElement).toBe(tool);
    key('ArrowDown');
    expect(document.activeElement).toBe(tool);
    key('ArrowUp');
    expect(document.activeElement).toBe(page);
    key('ArrowUp');
    expect(document.activeElement).toBe(input);

    // Enter in the field opens the first result: the page, in the editor.
    expect(key('Enter').defaultPrevented).toBe(true);
    await settle();
    expect(byTestId('search-results')).toBeNull();
    expect(byTestId('comparison-detail')).not.toBeNull();
  });
});
