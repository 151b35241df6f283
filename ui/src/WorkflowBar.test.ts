// Publish with no target (issue 18, item 2): the bar says what Publish would do before it
// does it and offers to add a target; a published page says where it is live.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { newTarget, settle as settleDom } from './test/dom';
import { flushSync, mount, unmount } from 'svelte';
import { session } from './lib/session.svelte';
import { sampleProfiles } from './test/fixtures';
import WorkflowBar from './lib/components/WorkflowBar.svelte';
import type { PageAction } from './lib/types';

let app: ReturnType<typeof mount> | null = null;
let target: HTMLElement;
const byTestId = (id: string) => target.querySelector<HTMLElement>(`[data-testid="${id}"]`);

const settle = () => settleDom(10);

beforeEach(() => {
  session.setProfiles(sampleProfiles());
  session.choose('publisher');
  target = newTarget();
});

afterEach(() => {
  if (app) unmount(app);
  app = null;
  target.remove();
});

function bar(props: Record<string, unknown>) {
  const onaction = vi.fn(async (_a: PageAction) => true);
  const onaddtarget = vi.fn();
  app = mount(WorkflowBar, { target, props: { status: 'approved', checks: [], onaction, onaddtarget, ...props } });
  flushSync();
  return { onaction, onaddtarget };
}

describe('Publish and targets', () => {
  it('with no target, asks first and offers to add one', async () => {
    const { onaction, onaddtarget } = bar({ targets: [] });
    byTestId('action-publish')!.click();
    await settle();
    expect(onaction).not.toHaveBeenCalled();
    expect(byTestId('publish-no-target')?.textContent).toContain('send it nowhere');
    expect(document.activeElement).toBe(byTestId('add-target-first'));

    byTestId('add-target-first')!.click();
    expect(onaddtarget).toHaveBeenCalledTimes(1);
    expect(onaction).not.toHaveBeenCalled();

    // Marking it published anyway is a choice made knowingly, and said for what it is.
    byTestId('publish-without-target')!.click();
    await settle();
    expect(onaction).toHaveBeenCalledWith({ action: 'publish' });
    expect(target.textContent).toContain('Marked published. No target holds it yet');
    expect(target.textContent).not.toContain('Published.');
  });

  it('with a target, publishes at once', async () => {
    const { onaction } = bar({ targets: ['site'] });
    byTestId('action-publish')!.click();
    await settle();
    expect(byTestId('publish-no-target')).toBeNull();
    expect(onaction).toHaveBeenCalledWith({ action: 'publish' });
  });

  it('a published page says where it is live, or that it is on no target', () => {
    bar({ status: 'published', targets: ['site', 'mirror'], liveOn: ['site'] });
    expect(byTestId('live-on')?.textContent?.trim()).toBe('Live on site.');
    unmount(app!);
    app = null;
    bar({ status: 'published', targets: [], liveOn: [] });
    expect(byTestId('live-on')?.textContent).toContain('On no publishing target');
  });
});
