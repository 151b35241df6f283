// Pure presentation helpers. No DOM, no Svelte: unit-tested in format.test.ts.
import type { ComparisonStatus, EntityKind, PanelShip, SearchHit } from './types';
import type { TargetKind } from './bindings';

export const DASH = '—';

/** 50 → "50%", 66.6667 → "67%", null / NaN → "—". */
export function formatPercent(percent: number | null | undefined): string {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return DASH;
  const clamped = Math.min(100, Math.max(0, percent));
  return `${Math.round(clamped)}%`;
}

/** "2 of 4 ship"; "No verdicts yet" when the panel has not voted. */
export function panelShipLine(panel: PanelShip): string {
  if (panel.total <= 0) return 'No verdicts yet';
  return `${panel.ship} of ${panel.total} ship`;
}

const STATUS_LABELS: Record<ComparisonStatus, string> = {
  draft: 'Draft',
  in_review: 'In review',
  approved: 'Approved',
  scheduled: 'Scheduled',
  published: 'Published',
};

/** "in_review" → "In review". Unknown values are humanised rather than dropped. */
export function statusLabel(status: ComparisonStatus | string): string {
  if (Object.hasOwn(STATUS_LABELS, status)) return STATUS_LABELS[status as ComparisonStatus];
  const words = status.replace(/[_-]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : DASH;
}

/** Display order of search groups, most useful first. */
export const ENTITY_ORDER: readonly EntityKind[] = ['comparison', 'tool', 'reviewer', 'verdict', 'site'];

const ENTITY_LABELS: Record<EntityKind, string> = {
  comparison: 'Comparisons',
  tool: 'Tools',
  reviewer: 'Reviewers',
  verdict: 'Verdicts',
  site: 'Site',
  media: 'Images',
};

export function entityLabel(kind: EntityKind): string {
  return ENTITY_LABELS[kind] ?? kind;
}

export interface HitGroup {
  entity: EntityKind;
  label: string;
  hits: SearchHit[];
}

/**
 * Group hits by entity kind in ENTITY_ORDER (unknown kinds last, in order of
 * first appearance), keeping the core's ranking inside each group and
 * leaving out empty groups.
 */
export function groupSearchHits(hits: readonly SearchHit[]): HitGroup[] {
  const byKind = new Map<EntityKind, SearchHit[]>();
  for (const hit of hits) {
    const list = byKind.get(hit.entity);
    if (list) list.push(hit);
    else byKind.set(hit.entity, [hit]);
  }
  const known = ENTITY_ORDER.filter((kind) => byKind.has(kind));
  const unknown = [...byKind.keys()].filter((kind) => !ENTITY_ORDER.includes(kind));
  return [...known, ...unknown].map((entity) => ({
    entity,
    label: entityLabel(entity),
    hits: byKind.get(entity) ?? [],
  }));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * "2025-03-07" or "2025-03-07T10:00:00Z" → "7 Mar 2025" (the calendar date as
 * written, independent of the machine's time zone); null/empty → "—";
 * anything unparseable is shown as is.
 */
export function formatDate(value: string | null | undefined): string {
  if (!value) return DASH;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
  if (!m) return value;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return value;
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** plural(1, 'verdict') → "1 verdict", plural(3, 'verdict') → "3 verdicts". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

export interface TextSegment {
  text: string;
  match: boolean;
}

/**
 * Split `text` into segments, flagging case-insensitive occurrences of the
 * words in `query`, so the UI can wrap matches in <mark> while rendering
 * everything as plain text.
 */
export function highlightSegments(text: string, query: string): TextSegment[] {
  const terms = query
    .trim()
    .split(/\s+/)
    .filter((t) => t.length > 0)
    .map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (terms.length === 0 || text.length === 0) return text ? [{ text, match: false }] : [];
  terms.sort((a, b) => b.length - a.length);
  const re = new RegExp(`(${terms.join('|')})`, 'gi');
  const segments: TextSegment[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    const start = m.index ?? 0;
    if (m[0].length === 0) continue;
    if (start > last) segments.push({ text: text.slice(last, start), match: false });
    segments.push({ text: m[0], match: true });
    last = start + m[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last), match: false });
  return segments;
}

/** True for Ctrl+K (Windows/Linux) or Cmd+K (macOS). */
export function isSearchShortcut(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k';
}

/** The parts of a key press the shortcut helpers look at; `code` is optional for tests. */
export type KeyPress = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'> & { code?: string };

function commandOnly(e: KeyPress): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey;
}

/**
 * 1–9 for Ctrl/Cmd + a digit (the screen switcher), else null. The physical key is
 * checked too, so the shortcut also works on layouts where the digit row types other
 * characters (AZERTY).
 */
export function screenShortcut(e: KeyPress): number | null {
  if (!commandOnly(e)) return null;
  const digit = /^[1-9]$/.test(e.key) ? e.key : /^Digit([1-9])$/.exec(e.code ?? '')?.[1];
  return digit ? Number(digit) : null;
}

/** True for Ctrl+N (Windows/Linux) or Cmd+N (macOS): "new" on the current screen. */
export function isNewShortcut(e: KeyPress): boolean {
  return commandOnly(e) && e.key.toLowerCase() === 'n';
}

/** How a Ctrl/Cmd shortcut is written for people: "⌘1" on a Mac, "Ctrl+1" elsewhere. */
export function shortcutLabel(key: string, mac: boolean): string {
  return mac ? `⌘${key.toUpperCase()}` : `Ctrl+${key.toUpperCase()}`;
}

/** The aria-keyshortcuts value of a Ctrl/Cmd shortcut (both spellings; the app accepts both). */
export function ariaShortcut(key: string): string {
  const k = key.toUpperCase();
  return `Control+${k} Meta+${k}`;
}

/**
 * Lowercase letters, digits and single hyphens, like the core's slugify: the slug a new
 * entry is offered from its name ("Dana Xu" → "dana-xu").
 */
export function slugify(text: string, options: { foldAccents?: boolean } = {}): string {
  // Folding accents first offers "dana-umit" for "Dana Ümit" rather than "dana-mit".
  const folded = options.foldAccents ? text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '') : text;
  const slug = folded
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, 100).replace(/-+$/, '');
}

export interface ProblemList {
  /** The sentence before the list ("the bundle was refused…"), or the whole message. */
  summary: string | null;
  problems: string[];
}

/**
 * Split an error message that lists problems — one per line under a header line
 * ending in ":", or "; "-separated — so each can be shown as a list item. A message
 * with a single problem comes back as the summary with an empty list.
 */
export function splitProblems(message: string): ProblemList {
  const lines = message
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  let summary: string | null = null;
  if (lines.length > 1 && lines[0]!.endsWith(':')) {
    summary = lines.shift()!.slice(0, -1).trim();
  }
  const problems = lines.flatMap((l) => l.split(/;\s+/)).map((p) => p.trim()).filter((p) => p.length > 0);
  if (summary === null && problems.length <= 1) return { summary: problems[0] ?? (message.trim() || null), problems: [] };
  return { summary, problems };
}

/** "2 created, 1 updated, 5 unchanged". */
export function importSummary(report: { created: number; updated: number; unchanged: number }): string {
  return `${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged`;
}

// ----- publishing -----

/** Where a publishing run stands, from the core's progress counts. */
export interface ProgressCounts {
  /** Jobs finished this run: sent, unchanged, failed or in conflict. */
  settled: number;
  total: number;
  /** Whole percent of `total` settled; 100 when there was nothing to do. */
  percent: number;
}

type ProgressLike = { done: number; unchanged: number; retries: number; failed: number; conflicts: number; remaining: number };

export function progressCounts(p: ProgressLike): ProgressCounts {
  const settled = p.done + p.unchanged + p.failed + p.conflicts;
  const total = settled + p.remaining;
  return { settled, total, percent: total === 0 ? 100 : Math.round((settled / total) * 100) };
}

/**
 * "3 of 8 finished: 2 sent, 1 unchanged, 1 failed · 5 waiting"; "All 8 finished: …" once
 * nothing remains. Failures, conflicts and retries are named only when there are some.
 */
export function progressLine(p: ProgressLike): string {
  const { settled, total } = progressCounts(p);
  if (total === 0) return 'Nothing to send';
  const parts = [`${p.done} sent`, `${p.unchanged} unchanged`];
  if (p.failed > 0) parts.push(`${p.failed} failed`);
  if (p.conflicts > 0) parts.push(plural(p.conflicts, 'conflict'));
  if (p.retries > 0) parts.push(plural(p.retries, 'retry', 'retries'));
  const head = p.remaining > 0 ? `${settled} of ${total} finished` : `All ${total} finished`;
  return `${head}: ${parts.join(', ')}${p.remaining > 0 ? ` · ${p.remaining} waiting` : ''}`;
}

/** What a publish click queued: "3 queued to send, 12 unchanged" (and "1 kept theirs" when some are); "Nothing to send" when nothing is queued or held. */
export function planSummary(plan: { queued: readonly unknown[]; unchanged: readonly unknown[]; kept_remote: readonly unknown[] }): string {
  const parts =
    plan.queued.length > 0 || plan.unchanged.length > 0
      ? [`${plan.queued.length} queued to send`, `${plan.unchanged.length} unchanged`]
      : ['Nothing to send'];
  if (plan.kept_remote.length > 0) parts.push(`${plan.kept_remote.length} kept theirs`);
  return parts.join(', ');
}

const TARGET_KIND_LABELS: Record<string, string> = {
  http: 'Page API',
  wordpress: 'WordPress',
  folder: 'Folder',
  ghost: 'Ghost',
};

/** "http" → "Page API", "wordpress" → "WordPress", "folder" → "Folder". */
export function targetKindLabel(kind: string): string {
  return TARGET_KIND_LABELS[kind] ?? kind;
}

/**
 * What the checks say when they found nothing, for who is looking at which page: "Ready to
 * publish" only where this profile can publish and the page is not out already.
 */
export function readyLabel(status: ComparisonStatus, stale: boolean, canPublish: boolean): { short: string; long: string } {
  if (status === 'published' && !stale) return { short: 'No problems', long: 'No problems found.' };
  if (!canPublish) {
    const verb = status === 'published' ? 'republish' : 'publish';
    return { short: 'No problems', long: `No problems found: a publisher can ${verb} it.` };
  }
  if (status === 'published') return { short: 'Ready to republish', long: 'Ready to republish: no problems found.' };
  return { short: 'Ready to publish', long: 'Ready to publish: no problems found.' };
}

/** What an export wrote: a bundle holds the content, not the desk's people or targets. */
export function exportNotice(path: string): string {
  return (
    `Exported the content to ${path}: site settings, tools, reviewers, verdicts, comparisons and community votes. ` +
    'Profiles and publishing targets (with their secrets) are not part of a bundle.'
  );
}

/** After adding a target: what testing it checks, in that kind's terms. */
export function targetAddedNotice(name: string, kind: TargetKind): string {
  switch (kind) {
    case 'folder':
      return `Added the folder target “${name}”. Test it to check that the folder can be written.`;
    case 'wordpress':
      return `Added the target “${name}”. Test the connection to check the address, the user and the application password.`;
    default:
      return `Added the target “${name}”. Test the connection to check the address and the token.`;
  }
}
