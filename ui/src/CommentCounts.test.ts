import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enterTauri, leaveTauri, settle } from './test/dom';

const invokeMock = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke: invokeMock }));

import { commentCountsStore } from './lib/commentCounts.svelte';

beforeEach(() => {
  enterTauri();
  invokeMock.mockReset();
});
afterEach(() => {
  leaveTauri();
});

describe('comment counts per page', () => {
  it('reads the open counts, and again when comments change, not on other changes', async () => {
    let open = 2;
    invokeMock.mockImplementation(async (cmd: string) => {
      if (cmd === 'comment_counts') return [{ slug: 'a-vs-b', open }];
      throw { code: 'unknown_command', message: cmd };
    });
    await commentCountsStore.load();
    await settle();
    expect(commentCountsStore.of('a-vs-b')).toBe(2);
    expect(commentCountsStore.of('c-vs-d')).toBe(0);
    open = 1;
    commentCountsStore.take({ generation: 1, origin: 'local', changes: [{ kind: 'tool', key: 'x', what: 'saved' }] });
    await settle();
    expect(commentCountsStore.of('a-vs-b')).toBe(2);
    commentCountsStore.take({ generation: 2, origin: 'team', changes: [{ kind: 'comment', key: 'comparison:a-vs-b', what: 'saved' }] });
    await settle();
    expect(commentCountsStore.of('a-vs-b')).toBe(1);
    expect(invokeMock.mock.calls.filter(([c]) => c === 'comment_counts')).toHaveLength(2);
  });
});
