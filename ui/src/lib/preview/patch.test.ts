// Patching a shown page in place: what changes, what stays the same node, and when only a
// fresh load will do.
import { describe, expect, it } from 'vitest';
import { patchDocument } from './patch';

const CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`;

function page({ title = 'Alpha vs Beta', lang = 'en', css = 'h1{color:#111}', csp = CSP, body = '' } = {}) {
  return (
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">${csp}<title>${title}</title>` +
    `<script type="application/ld+json">{"name":"${title}"}</script><style>${css}</style></head>` +
    `<body><main><h1>${title}</h1><p id="intro">An intro that stays.</p>${body}</main></body></html>`
  );
}

const load = (html: string) => new DOMParser().parseFromString(html, 'text/html');

describe('patchDocument', () => {
  it('changes what differs and keeps every other node', () => {
    const doc = load(page());
    const h1 = doc.querySelector('h1')!;
    const intro = doc.getElementById('intro')!;
    const style = doc.querySelector('style')!;

    expect(patchDocument(doc, page({ title: 'Alpha vs Gamma', lang: 'de', css: 'h1{color:#222}' }))).toBe('patched');

    expect(doc.querySelector('h1')).toBe(h1);
    expect(h1.textContent).toBe('Alpha vs Gamma');
    expect(doc.getElementById('intro')).toBe(intro);
    expect(doc.title).toBe('Alpha vs Gamma');
    expect(doc.documentElement.lang).toBe('de');
    expect(doc.querySelector('style')).toBe(style);
    expect(style.textContent).toBe('h1{color:#222}');
    expect(doc.querySelector('script')?.textContent).toBe('{"name":"Alpha vs Gamma"}');
    // The head keeps its order (a style sheet's place in the cascade), and idiomorph's
    // scratch element is gone again.
    expect([...doc.head.children].map((el) => el.tagName)).toEqual(['META', 'META', 'TITLE', 'SCRIPT', 'STYLE']);
    expect(doc.documentElement.children).toHaveLength(2);
    expect(doc.documentElement.outerHTML).toBe(load(page({ title: 'Alpha vs Gamma', lang: 'de', css: 'h1{color:#222}' })).documentElement.outerHTML);
  });

  it('adds and removes parts of the page in their places', () => {
    const doc = load(page({ body: '<section id="a">A</section><section id="b">B</section>' }));
    const b = doc.getElementById('b');

    expect(patchDocument(doc, page({ body: '<section id="b">B</section><ul><li>new</li></ul>' }))).toBe('patched');
    expect([...doc.querySelector('main')!.children].map((el) => el.id || el.tagName)).toEqual(['H1', 'intro', 'b', 'UL']);
    expect(doc.getElementById('a')).toBeNull();
    expect(doc.getElementById('b')).toBe(b);
  });

  it('keeps a selection in a part that did not change', () => {
    const doc = load(page());
    const text = doc.getElementById('intro')!.firstChild!;
    const range = doc.createRange();
    range.setStart(text, 3);
    range.setEnd(text, 8);

    expect(patchDocument(doc, page({ title: 'Alpha vs Gamma' }))).toBe('patched');
    expect(range.toString()).toBe('intro');
    expect(range.startContainer).toBe(doc.getElementById('intro')!.firstChild);
  });

  it('asks for a fresh load when the security policy changes, and leaves the page as it was', () => {
    const doc = load(page());
    const before = doc.documentElement.outerHTML;
    expect(patchDocument(doc, page({ title: 'Other', csp: '' }))).toBe('reload');
    expect(patchDocument(doc, page({ title: 'Other', csp: CSP.replace("'none'", "'self'") }))).toBe('reload');
    expect(doc.documentElement.outerHTML).toBe(before);
  });

  it('asks for a fresh load when the doctype changes the rendering mode', () => {
    const doc = load(page());
    expect(patchDocument(doc, page({ title: 'Other' }).replace('<!doctype html>', ''))).toBe('reload');
    expect(doc.querySelector('h1')?.textContent).toBe('Alpha vs Beta');
  });
});

describe('patchDocument with pictures', () => {
  const H = 'ab'.repeat(32);
  const picture = (alt: string) =>
    `<picture><source type="image/webp" srcset="media://localhost/${H}/320w.webp 320w, media://localhost/${H}/640w.webp 640w" sizes="48px">` +
    `<img class="logo" src="media://localhost/${H}/640w.jpg" width="48" height="48" alt="${alt}" decoding="async"></picture>`;

  it('leaves an unchanged picture alone while the text around it changes, so it is not fetched again', () => {
    const doc = load(page({ body: `<article id="tool">${picture('Acme logo')}<p>Old tagline</p></article>` }));
    const img = doc.querySelector('img')!;
    const source = doc.querySelector('source')!;
    // Any attribute set on them, even to the same value, would show here (and could make the
    // webview fetch the image again).
    const observer = new MutationObserver(() => {});
    observer.observe(doc.documentElement, { subtree: true, attributes: true });

    expect(patchDocument(doc, page({ title: 'Alpha vs Gamma', body: `<article id="tool">${picture('Acme logo')}<p>New tagline</p></article>` }))).toBe('patched');
    const changed = observer
      .takeRecords()
      .filter((r) => r.target === img || r.target === source)
      .map((r) => r.attributeName);
    observer.disconnect();

    expect(doc.querySelector('img')).toBe(img);
    expect(doc.querySelector('source')).toBe(source);
    expect(img.getAttribute('src')).toBe(`media://localhost/${H}/640w.jpg`);
    expect(changed).toEqual([]);
    expect(doc.querySelector('#tool p')?.textContent).toBe('New tagline');
  });

  it('changes only the attribute that differs when the picture itself changes', () => {
    const doc = load(page({ body: `<article id="tool">${picture('Acme logo')}</article>` }));
    const img = doc.querySelector('img')!;
    expect(patchDocument(doc, page({ body: `<article id="tool">${picture('The Acme logo')}</article>` }))).toBe('patched');
    expect(doc.querySelector('img')).toBe(img);
    expect(img.alt).toBe('The Acme logo');
    expect(img.getAttribute('src')).toBe(`media://localhost/${H}/640w.jpg`);
  });
});
