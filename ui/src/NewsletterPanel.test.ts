// The Publishing screen's newsletter (issue 17, item 4): previewed in a sandboxed frame that
// runs no script, saved to a chosen folder, a bad date named under its field.
import { describe, expect, it, vi } from 'vitest';
import { button, queries, settle } from './test/dom';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
import { freshDesk, invokeMock } from './test/appSetup';

import NewsletterPanel from './lib/components/publishing/NewsletterPanel.svelte';
import ShareCard from './lib/components/comparison/ShareCard.svelte';

const fresh = freshDesk();
const { byTestId, byLabel } = queries(() => fresh.target);

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
    fresh.mount(NewsletterPanel);
    await settle();
    const since = byLabel<HTMLInputElement>('Published since').value;
    expect(since).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    button(fresh.target, 'Preview').click();
    await settle();
    expect(invokeMock).toHaveBeenCalledWith('newsletter_preview', { since });
    expect(byTestId('newsletter-subject')?.textContent).toContain('This week: 2 comparisons');
    const frame = byTestId<HTMLIFrameElement>('newsletter-frame')!;
    expect(frame.getAttribute('sandbox')).toBe('');
    button(fresh.target, 'Save to a folder…').click();
    await settle();
    expect(invokeMock).toHaveBeenCalledWith('export_newsletter', { since, folder: '/home/ed/mail' });
    expect(byTestId('newsletter-notice')?.textContent).toContain('/home/ed/mail/newsletter.txt');
  });

  it('names a bad date under its field', async () => {
    invokeMock.mockRejectedValue({ code: 'invalid', message: 'not a date', field: 'since', problems: [{ field: 'since', message: 'not a date' }] });
    fresh.mount(NewsletterPanel);
    await settle();
    button(fresh.target, 'Preview').click();
    await settle();
    expect(byLabel('Published since').getAttribute('aria-invalid')).toBe('true');
    expect(fresh.target.textContent).toContain('not a date');
  });
});

describe('the share card', () => {
  it('is drawn from the saved page when opened', async () => {
    invokeMock.mockResolvedValue('data:image/png;base64,iVBORw0KGgo=');
    fresh.mount(ShareCard, { slug: 'a-vs-b' });
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
