// My work is read once at start, not again when the desk's first read lands (on a desk of
// 10,000 pages each read holds a core worker for a second); a later change reads it again.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enterTauri, leaveTauri, settle } from '../test/dom';
import type { MyWork } from './bindings';

const invokeMock = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke: invokeMock }));

import { WorkFeed } from './work.svelte';

const noWork: MyWork = { items: [] } as unknown as MyWork;

function workReads(): number {
  return invokeMock.mock.calls.filter(([cmd]) => cmd === 'my_work').length;
}

afterEach(() => leaveTauri());

beforeEach(() => {
  enterTauri();
  invokeMock.mockReset();
  invokeMock.mockImplementation(async (cmd: string) => {
    if (cmd === 'my_work') return structuredClone(noWork);
    throw new Error(`unexpected ${cmd}`);
  });
});

describe('WorkFeed', () => {
  it('reads once when the profile comes before the desk, and again on a change', async () => {
    const feed = new WorkFeed(() => false, () => 'ada');
    feed.follow('ada', null);
    await settle();
    expect(workReads()).toBe(1);
    const first = {};
    feed.follow('ada', first);
    await settle();
    expect(workReads()).toBe(1);
    // The desk changed (a new overview): read again.
    feed.follow('ada', {});
    await settle();
    expect(workReads()).toBe(2);
  });

  it('reads once while the desk is not read yet, however often it is followed', async () => {
    const feed = new WorkFeed(() => false, () => 'ada');
    feed.follow('ada', null);
    // The app follows again when the list's first screenful lands: no desk yet.
    feed.follow('ada', null);
    feed.follow('ada', null);
    await settle();
    expect(workReads()).toBe(1);
    feed.follow('ada', {});
    await settle();
    expect(workReads()).toBe(1);
  });

  it('reads again when all of the desk changed before its first read landed', async () => {
    const feed = new WorkFeed(() => false, () => 'ada');
    feed.follow('ada', null);
    await settle();
    feed.replaced();
    feed.follow('ada', {});
    await settle();
    expect(workReads()).toBe(2);
    // Once: the next desk is an ordinary change.
    feed.follow('ada', {});
    await settle();
    expect(workReads()).toBe(3);
  });

  it('reads once when the desk comes before the profile', async () => {
    const feed = new WorkFeed(() => false, () => 'ada');
    const desk = {};
    feed.follow(null, desk);
    await settle();
    expect(workReads()).toBe(0);
    feed.follow('ada', desk);
    await settle();
    expect(workReads()).toBe(1);
  });

  it('reads again for another profile', async () => {
    const feed = new WorkFeed(() => false, () => 'ada');
    const desk = {};
    feed.follow('ada', null);
    feed.follow('ada', desk);
    feed.follow('bo', desk);
    await settle();
    expect(invokeMock.mock.calls.filter(([cmd]) => cmd === 'my_work').map(([, args]) => (args as { profile: string }).profile)).toEqual([
      'ada',
      'bo',
    ]);
  });
});
