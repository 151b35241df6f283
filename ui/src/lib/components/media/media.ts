// What the Media screen shows of the desk's images: search, the unused filter, how uses and
// sizes read, and the grid's rows. Pure, so the rules are tested without a screen.
import type { MediaEntry, MediaUse } from '../../bindings';

export type MediaFilter = 'all' | 'unused';

/** The entries whose name or alt text holds every word of `query`, unused ones only when asked. */
export function filterMedia(entries: readonly MediaEntry[], query: string, filter: MediaFilter): MediaEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return entries.filter((e) => {
    if (filter === 'unused' && e.uses.length > 0) return false;
    if (words.length === 0) return true;
    const text = `${e.item.original_name} ${e.item.alt}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** The pages (a tool's, a comparison's) that show the image, each once whatever its fields. */
export function pagesOf(uses: readonly MediaUse[]): { kind: string; slug: string; title: string; fields: string[] }[] {
  const out: { kind: string; slug: string; title: string; fields: string[] }[] = [];
  for (const u of uses) {
    const page = out.find((p) => p.kind === u.kind && p.slug === u.slug);
    if (page) page.fields.push(u.field);
    else out.push({ kind: u.kind, slug: u.slug, title: u.title, fields: [u.field] });
  }
  return out;
}

/** "Used on 2 pages", "Unused". */
export function usesLabel(uses: readonly MediaUse[]): string {
  const n = pagesOf(uses).length;
  if (n === 0) return 'Unused';
  return `Used on ${n} ${n === 1 ? 'page' : 'pages'}`;
}

/** Where a use is, as a person reads it: "Tool Claude Haiku (description)". */
export function useText(page: { kind: string; title: string; fields: string[] }): string {
  const kind = page.kind === 'tool' ? 'Tool' : 'Comparison';
  return `${kind} ${page.title} (${page.fields.join(', ')})`;
}

/** 2.4 MB, 640 KB, 900 B. */
export function sizeText(bytes: number | bigint): string {
  const n = Number(bytes);
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)} MB`;
  if (n >= 1_000) return `${Math.round(n / 1_000)} KB`;
  return `${n} B`;
}

/** Whether the image still needs alt text before a page showing it can be published. */
export function needsAlt(entry: MediaEntry): boolean {
  return !entry.item.decorative && entry.item.alt.trim() === '';
}

/** The entries in rows of `columns`, for a grid drawn one row at a time. */
export function gridRows(entries: readonly MediaEntry[], columns: number): MediaEntry[][] {
  const n = Math.max(1, Math.floor(columns));
  const rows: MediaEntry[][] = [];
  for (let i = 0; i < entries.length; i += n) rows.push(entries.slice(i, i + n));
  return rows;
}

/** How many cells of `cell` px (with `gap`) fit in `width`; 4 before the grid is laid out. */
export function columnsFor(width: number, cell = 168, gap = 12): number {
  if (width <= 0) return 4;
  return Math.max(1, Math.floor((width + gap) / (cell + gap)));
}

/** A note of the core's ("re-written as a clean SVG") as a sentence of its own. */
export function sentence(note: string): string {
  const text = note.trim();
  if (text === '') return text;
  const capital = text[0]!.toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** The kept original's type as people name it: JPEG, PNG, SVG. */
export function typeText(mime: string): string {
  return mime.replace('image/', '').replace('+xml', '').toUpperCase();
}
