// Keyboard (issue 18, item 5): Ctrl+K's results are reached with the arrow keys and opened
// with Enter; Escape in a field of the comparison editor saves and goes back to the list.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { key, settle as settleDom } from './test/dom';
import { flushSync } from 'svelte';
import type { SearchHit } from './lib/types';
import { sampleOverview } from './test/fixtures';
import { installBackend } from './test/fakeBackend';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
vi.mock('@tauri-apps/api/event', () => import('./test/appSetup').then((m) => m.tauriEvent));
import { freshDesk, invokeMock } from './test/appSetup';

import App from './App.svelte';

const SLUG = 'claude-haiku-open-weights-vs-llama-4-scout-quantized';
const HITS: SearchHit[] = [
  { entity: 'comparison', key: SLUG, title: 'Claude Haiku Open Weights vs Llama 4 Scout Quantized', snippet: '' },
  { entity: 'tool', key: 'claude-haiku-open-weights', title: 'Claude Haiku Open Weights', snippet: '' },
];

const fresh = freshDesk();
const byTestId = (id: string) => fresh.target.querySelector<HTMLElement>(`[data-testid="${id}"]`);

const settle = () => settleDom(30);


beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
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
    fresh.mount(App);
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
