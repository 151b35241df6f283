// jsdom has no layout, so no ResizeObserver; Svelte's bind:clientWidth needs one to exist.
// Sizes stay 0 in tests, which the preview treats as "not measured yet".
if (typeof globalThis.ResizeObserver === 'undefined') {
  globalThis.ResizeObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}

// jsdom leaves a frame on about:blank whatever its srcdoc says. A browser loads the srcdoc as
// the frame's document, and again whenever srcdoc is set; the page preview patches that
// document, so tests need it there. The frame's first load event (of about:blank) is held
// back while the srcdoc is written into its document, which fires load again; setting
// srcdoc writes it the same way. jsdom would run the page's scripts as it writes them,
// where a browser's sandbox (without allow-scripts) runs none, so a sandboxed page is
// written without its scripts and event handler attributes.
const srcdocWritten = new WeakMap<HTMLIFrameElement, string>();
function runsNoScript(frame: HTMLIFrameElement): boolean {
  const sandbox = frame.getAttribute('sandbox');
  return sandbox !== null && !sandbox.split(/\s+/).includes('allow-scripts');
}
function scriptless(html: string): string {
  const page = new DOMParser().parseFromString(html, 'text/html');
  page
    .querySelectorAll('script:not([type]), script[type=""], script[type="module"], script[type*="javascript" i]')
    .forEach((script) => script.remove());
  for (const el of page.querySelectorAll('*')) {
    for (const attr of [...el.attributes]) if (/^on/i.test(attr.name)) el.removeAttribute(attr.name);
  }
  return (page.doctype ? `<!doctype ${page.doctype.name}>` : '') + page.documentElement.outerHTML;
}
function loadSrcdoc(frame: HTMLIFrameElement) {
  const doc = frame.contentDocument;
  const html = frame.getAttribute('srcdoc');
  if (!doc || html === null) return;
  srcdocWritten.set(frame, html);
  doc.open();
  doc.write(runsNoScript(frame) ? scriptless(html) : html);
  doc.close();
}
document.addEventListener(
  'load',
  (event) => {
    const frame = event.target;
    if (!(frame instanceof HTMLIFrameElement) || !frame.hasAttribute('srcdoc')) return;
    if (srcdocWritten.get(frame) === frame.getAttribute('srcdoc')) return;
    event.stopImmediatePropagation();
    // Not inside this load's dispatch: jsdom would then fire the next load twice.
    queueMicrotask(() => loadSrcdoc(frame));
  },
  true,
);
new MutationObserver((records) => {
  for (const record of records) {
    if (record.target instanceof HTMLIFrameElement && record.target.isConnected) loadSrcdoc(record.target);
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ['srcdoc'] });
