// The page preview's frame: sandboxed without scripts, loaded once, then patched in place.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import { nextFrame, settle, shownBody } from './test/dom';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
import { freshDesk, invokeMock } from './test/appSetup';

import PagePreview from './lib/components/PagePreview.svelte';

const page = (title: string, extra = '') =>
  `<!doctype html><html lang="en"><head><title>${title}</title></head>` +
  `<body><h1>${title}</h1><p id="intro">Stays put.</p>${extra}</body></html>`;

const fresh = freshDesk();
const props = $state<{ html: string | null }>({ html: null });
const frame = () => fresh.target.querySelector<HTMLIFrameElement>('[data-testid="page-preview"]');

/** Mounts the preview with `html`, and waits for the frame to load it. */
async function show(html: string) {
  props.html = html;
  fresh.mount(PagePreview, props);
  flushSync();
  await settle();
  await nextFrame();
}

async function update(html: string) {
  props.html = html;
  flushSync();
  await nextFrame();
}

afterEach(() => {
  props.html = null;
});

describe('page preview frame', () => {
  it('is sandboxed with same-origin only: the page never runs scripts, before or after patches', async () => {
    await show(page('One'));
    const sandbox = () => (frame()?.getAttribute('sandbox') ?? '').split(/\s+/).filter(Boolean);
    expect(frame()?.hasAttribute('sandbox')).toBe(true);
    expect(sandbox()).toEqual(['allow-same-origin']);
    expect(sandbox()).not.toContain('allow-scripts');

    await update(page('Two', '<script>window.parent.ran = true</script>'));
    expect(shownBody(frame())).toContain('<h1>Two</h1>');
    expect(sandbox()).toEqual(['allow-same-origin']);
    expect((window as Window & { ran?: boolean }).ran).toBeUndefined();
  });

  it('loads the first page through srcdoc, then patches the same document for the next', async () => {
    await show(page('One'));
    const el = frame()!;
    const doc = el.contentDocument;
    const intro = doc?.getElementById('intro');
    expect(shownBody(el)).toContain('<h1>One</h1>');
    expect(el.dataset['painted']).toBe('1');
    const painted = vi.fn();
    el.addEventListener('preview-painted', painted);

    await update(page('Two'));
    expect(frame()).toBe(el);
    expect(el.getAttribute('srcdoc')).toBe(page('One'));
    expect(el.contentDocument).toBe(doc);
    expect(doc?.querySelector('h1')?.textContent).toBe('Two');
    expect(doc?.getElementById('intro')).toBe(intro);
    expect(el.dataset['painted']).toBe('2');
    expect(painted).toHaveBeenCalledTimes(1);
  });

  it('puts in only the newest of the pages that came within one frame', async () => {
    await show(page('One'));
    const el = frame()!;
    const painted = vi.fn();
    el.addEventListener('preview-painted', painted);

    props.html = page('Two');
    flushSync();
    props.html = page('Three');
    flushSync();
    props.html = page('Four');
    flushSync();
    expect(el.contentDocument?.querySelector('h1')?.textContent).toBe('One');
    await nextFrame();
    expect(el.contentDocument?.querySelector('h1')?.textContent).toBe('Four');
    expect(painted).toHaveBeenCalledTimes(1);
  });

  it('keeps what the reader typed into a field of the page while it changes around it', async () => {
    await show(page('One', '<input id="q">'));
    const doc = frame()!.contentDocument!;
    const field = doc.getElementById('q') as HTMLInputElement;
    field.focus();
    expect(doc.activeElement).toBe(field);
    field.value = 'typed by the reader';

    await update(page('Two', '<input id="q">'));
    expect(doc.querySelector('h1')?.textContent).toBe('Two');
    expect(doc.getElementById('q')).toBe(field);
    expect(field.value).toBe('typed by the reader');
    expect(doc.activeElement).toBe(field);
  });

  it('loads afresh when the new page cannot be patched in', async () => {
    await show(page('One'));
    const el = frame()!;
    const csp = page('Two').replace('<title>', `<meta http-equiv="Content-Security-Policy" content="default-src 'none'"><title>`);

    await update(csp);
    expect(el.getAttribute('srcdoc')).toBe(csp);
    await settle();
    await nextFrame();
    expect(el.contentDocument?.querySelector('h1')?.textContent).toBe('Two');
    expect(el.dataset['painted']).toBe('2');
  });

  it('opens a link of a patched page in the system browser, not in the frame', async () => {
    invokeMock.mockResolvedValue(null);
    await show(page('One'));
    await update(page('Two', '<a href="https://example.com/two">Two</a><a href="#intro">Up</a>'));
    const doc = frame()!.contentDocument!;

    const out = new MouseEvent('click', { bubbles: true, cancelable: true });
    doc.querySelector<HTMLAnchorElement>('a[href^="https:"]')!.dispatchEvent(out);
    expect(out.defaultPrevented).toBe(true);
    expect(invokeMock).toHaveBeenCalledWith('open_link', { url: 'https://example.com/two' });
    expect(invokeMock).toHaveBeenCalledTimes(1);
  });
});
