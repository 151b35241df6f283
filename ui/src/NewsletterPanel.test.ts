// The Publishing screen's newsletter (issue 17, item 4): previewed in a sandboxed frame that
// runs no script, saved to a chosen folder, a bad date named under its field.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, unmount } from 'svelte';
import { button, enterTauri, leaveTauri, newTarget, queries, settle } from './test/dom';

const invokeMock = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke: invokeMock }));

import NewsletterPanel from './lib/components/publishing/NewsletterPanel.svelte';
import ShareCard from './lib/components/comparison/ShareCard.svelte';

let target: HTMLElement;
let view: ReturnType<typeof mount> | null = null;
const { byTestId, byLabel } = queries(() => target);

beforeEach(() => {
  enterTauri();
  target = newTarget();
  invokeMock.mockReset();
});

afterEach(() => {
  if (view) unmount(view);
  view = null;
  target.remove();
  leaveTauri();
});

describe('the newsletter panel', () => {
  it('previews the email in a script-free frame and saves both parts to the chosen folder', async () => {
    invokeMock.mockImplementation(async (cmd: string) => {
      switch (cmd) {
        case 'newsletter_preview':
          return { subject: 'This week: 2 comparisons', summary: '2 new comparisons', count: 2, html: '<p>Hi</p><script>alert(1)</script>', text: 'Hi' };
        case 'choose_folder':
          return '/home/ed/mail';
        case 'export_newsletter':
          return ['/home/ed/mail/newsletter.html', '/home/ed/mail/newsletter.txt'];
      }
      throw { code: 'not_found', message: cmd, problems: [] };
    });
    view = mount(NewsletterPanel, { target });
    await settle();
    const since = byLabel<HTMLInputElement>('Published since').value;
    expect(since).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    button(target, 'Preview').click();
    await settle();
    expect(invokeMock).toHaveBeenCalledWith('newsletter_preview', { since });
    expect(byTestId('newsletter-subject')?.textContent).toContain('This week: 2 comparisons');
    const frame = byTestId<HTMLIFrameElement>('newsletter-frame')!;
    expect(frame.getAttribute('sandbox')).toBe('');
    button(target, 'Save to a folder…').click();
    await settle();
    expect(invokeMock).toHaveBeenCalledWith('export_newsletter', { since, folder: '/home/ed/mail' });
    expect(byTestId('newsletter-notice')?.textContent).toContain('/home/ed/mail/newsletter.txt');
  });

  it('names a bad date under its field', async () => {
    invokeMock.mockRejectedValue({ code: 'invalid', message: 'not a date', field: 'since', problems: [{ field: 'since', message: 'not a date' }] });
    view = mount(NewsletterPanel, { target });
    await settle();
    button(target, 'Preview').click();
    await settle();
    expect(byLabel('Published since').getAttribute('aria-invalid')).toBe('true');
    expect(target.textContent).toContain('not a date');
  });
});

describe('the share card', () => {
  it('is drawn from the saved page when opened', async () => {
    invokeMock.mockResolvedValue('data:image/png;base64,iVBORw0KGgo=');
    view = mount(ShareCard, { target, props: { slug: 'a-vs-b' } });
    await settle();
    expect(invokeMock).not.toHaveBeenCalled();
    const details = byTestId<HTMLDetailsElement>('share-card')!;
    details.open = true;
    details.dispatchEvent(new Event('toggle'));
    await settle();
    expect(invokeMock).toHaveBeenCalledWith('share_card', { slug: 'a-vs-b' });
    expect(byTestId<HTMLImageElement>('share-card-image')?.getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=');
  });
});
