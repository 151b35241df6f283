// Bringing a shown preview page up to date in place, so an edit does not reload the frame.
import { Idiomorph } from 'idiomorph';

/** What became of a new page: morphed into the shown document, or it needs a fresh load. */
export type PatchResult = 'patched' | 'reload';

/**
 * Morphs `doc` (the frame's loaded document) into the page `html`. The page is parsed by
 * DOMParser, which runs no script and loads nothing; only the nodes that differ change in
 * `doc`, so everything else (the reader's scroll, a selection, loaded images) stays.
 *
 * 'reload' when a morph cannot give what a fresh load would: the document's rendering mode
 * (quirks or standards, fixed by the doctype at parse time) differs, or its http-equiv
 * metadata does (a Content-Security-Policy cannot be lifted once it applies); also when the
 * morph itself fails.
 */
export function patchDocument(doc: Document, html: string): PatchResult {
  const next = new DOMParser().parseFromString(html, 'text/html');
  if (next.compatMode !== doc.compatMode || appliedOnce(next) !== appliedOnce(doc)) return 'reload';
  try {
    // 'morph' keeps the head's children in order (the default 'merge' appends what is new,
    // which would reorder style sheets) and updates a <style> or <title> in place. A field
    // the reader is typing in keeps what they typed.
    Idiomorph.morph(doc.documentElement, next.documentElement, { head: { style: 'morph' }, ignoreActiveValue: true });
  } catch {
    return 'reload';
  }
  return 'patched';
}

/** The metadata a document takes in once, as it is parsed, and never again. */
function appliedOnce(doc: Document): string {
  return [...doc.querySelectorAll('meta[http-equiv]')].map((el) => el.outerHTML).join('\n');
}
