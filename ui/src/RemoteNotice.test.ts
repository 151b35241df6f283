// The notice that another member changed a field being edited here shows what they wrote,
// so "Take theirs" is a choice made knowing it (issue 25, item 6).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { newTarget } from './test/dom';
import { session } from './lib/session.svelte';

import RemoteNotice from './lib/ui/RemoteNotice.svelte';

let target: HTMLElement;
let view: ReturnType<typeof mount> | null = null;
const byTestId = (id: string) => target.querySelector<HTMLElement>(`[data-testid="${id}"]`);

beforeEach(() => {
  target = newTarget();
  session.setProfiles([{ slug: 'omar', name: 'Omar', roles: ['editor'], reviewer: null }]);
});

afterEach(() => {
  if (view) unmount(view);
  view = null;
  target.remove();
});

describe('RemoteNotice', () => {
  it('shows their text for each field before one takes it', () => {
    const ontheirs = vi.fn();
    view = mount(RemoteNotice, {
      target,
      props: {
        notice: { author: 'omar', fields: ['dek', 'tools'], theirs: { dek: 'Omar’s dek, in full', tools: ['a', 'b'] } },
        onkeep: () => {},
        ontheirs,
      },
    });
    flushSync();
    expect(byTestId('remote-notice')?.textContent).toContain('Omar');
    expect(byTestId('remote-theirs-dek')?.textContent).toBe('Omar’s dek, in full');
    expect(byTestId('remote-theirs-tools')?.textContent).toBe('["a","b"]');
    expect(target.querySelector('dt')?.textContent).toContain('Omar’s');
    byTestId('remote-theirs')?.click();
    expect(ontheirs).toHaveBeenCalledOnce();
  });

  it('says an emptied field is empty', () => {
    view = mount(RemoteNotice, {
      target,
      props: { notice: { author: 'omar', fields: ['dek'], theirs: { dek: null } }, onkeep: () => {}, ontheirs: () => {} },
    });
    flushSync();
    expect(byTestId('remote-theirs-dek')?.textContent).toBe('(empty)');
  });
});
