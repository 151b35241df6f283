// The preview frame's updates: loaded once, then patched, one animation frame at a time.
import { describe, expect, it } from 'vitest';
import { FrameUpdates } from './frameUpdates';

const page = (title: string, csp = '') =>
  `<!doctype html><html><head>${csp}<title>${title}</title></head><body><h1>${title}</h1><p>Stays.</p></body></html>`;

/** A frame stand-in: loads are recorded and finish when the test says; frames run when it says. */
function host() {
  const frames: Array<() => void> = [];
  const state = {
    loads: [] as string[],
    doc: null as Document | null,
    painted: [] as Array<'load' | 'patch'>,
    frames,
    /** Runs the animation frames asked for so far. */
    runFrames() {
      for (const fn of frames.splice(0)) fn();
    },
  };
  const updates = new FrameUpdates({
    load: (html) => state.loads.push(html),
    document: () => state.doc,
    painted: (how) => state.painted.push(how),
    schedule(fn) {
      frames.push(fn);
      return () => frames.splice(frames.indexOf(fn), 1);
    },
  });
  /** The frame finished loading the last page it was given. */
  const finishLoad = () => {
    state.doc = new DOMParser().parseFromString(state.loads.at(-1)!, 'text/html');
    updates.loaded();
  };
  return { state, updates, finishLoad };
}

describe('FrameUpdates', () => {
  it('loads the first page, then patches the loaded document instead of loading again', () => {
    const { state, updates, finishLoad } = host();
    updates.show(page('One'));
    expect(state.loads).toEqual([page('One')]);
    finishLoad();
    expect(state.painted).toEqual(['load']);
    const doc = state.doc!;
    const p = doc.querySelector('p');

    updates.show(page('Two'));
    // Nothing happens before the next animation frame.
    expect(doc.querySelector('h1')?.textContent).toBe('One');
    state.runFrames();
    expect(state.loads).toHaveLength(1);
    expect(doc.querySelector('h1')?.textContent).toBe('Two');
    expect(doc.querySelector('p')).toBe(p);
    expect(state.painted).toEqual(['load', 'patch']);
  });

  it('applies only the newest of several pages within one frame', () => {
    const { state, updates, finishLoad } = host();
    updates.show(page('One'));
    finishLoad();
    updates.show(page('Two'));
    updates.show(page('Three'));
    updates.show(page('Four'));
    expect(state.frames).toHaveLength(1);
    state.runFrames();
    expect(state.doc?.querySelector('h1')?.textContent).toBe('Four');
    expect(state.painted).toEqual(['load', 'patch']);
  });

  it('does nothing for the page already shown', () => {
    const { state, updates, finishLoad } = host();
    updates.show(page('One'));
    finishLoad();
    updates.show(page('Two'));
    updates.show(page('One'));
    state.runFrames();
    expect(state.painted).toEqual(['load']);
  });

  it('keeps pages back while the first one loads, and patches in the newest once it has', () => {
    const { state, updates, finishLoad } = host();
    updates.show(page('One'));
    updates.show(page('Two'));
    updates.show(page('Three'));
    state.runFrames();
    // srcdoc is not touched mid-load.
    expect(state.loads).toEqual([page('One')]);
    finishLoad();
    expect(state.loads).toEqual([page('One')]);
    expect(state.doc?.querySelector('h1')?.textContent).toBe('Three');
    expect(state.painted).toEqual(['load', 'patch']);
  });

  it('loads afresh when a page cannot be patched in, and patches again after that load', () => {
    const csp = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'">`;
    const { state, updates, finishLoad } = host();
    updates.show(page('One'));
    finishLoad();
    updates.show(page('Two', csp));
    state.runFrames();
    expect(state.loads).toEqual([page('One'), page('Two', csp)]);
    // The document of the earlier load is not patched meanwhile.
    updates.show(page('Three', csp));
    state.runFrames();
    expect(state.doc?.querySelector('h1')?.textContent).toBe('One');
    finishLoad();
    expect(state.doc?.querySelector('h1')?.textContent).toBe('Three');
    expect(state.loads).toHaveLength(2);
    expect(state.painted).toEqual(['load', 'load', 'patch']);
  });

  it('applies nothing once disposed', () => {
    const { state, updates, finishLoad } = host();
    updates.show(page('One'));
    finishLoad();
    updates.show(page('Two'));
    updates.dispose();
    expect(state.frames).toHaveLength(0);
    expect(state.doc?.querySelector('h1')?.textContent).toBe('One');
  });
});
