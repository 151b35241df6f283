// The New comparison dialog's reading of a refusal: which of its sections a problem is about,
// and the sentences it shows under them.
import { problemsOf } from './forms/problems';
import type { FieldProblem } from './forms/problems';
import type { ApiError, Comparison } from './types';

/** The core's identity of a set of tools: sorted, de-duplicated slugs (A-vs-B and B-vs-A share it). */
export function pairKey(tools: readonly string[]): string {
  return [...new Set(tools)].sort().join('+');
}

/** The core refuses a comparison of fewer tools. */
export const MIN_TOOLS = 2;

export type Section = 'slug' | 'title' | 'tools' | 'panel' | 'other';

function sectionOf(field: string): Section {
  const base = /^([a-z_]+)/.exec(field)?.[1];
  return base === 'slug' || base === 'title' || base === 'tools' || base === 'panel' ? base : 'other';
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The refusal's problems, by section, while the field they are about still holds what was
 * sent (`now`: the form as it is).
 */
export function refusedBySection(
  error: ApiError | null,
  sent: Comparison | null,
  now: { slug: string; title: string; tools: string[]; panel: string[] },
): Record<Section, FieldProblem[]> {
  const by: Record<Section, FieldProblem[]> = { slug: [], title: [], tools: [], panel: [], other: [] };
  if (!error || error.code !== 'invalid' || !sent) return by;
  const same: Record<Section, boolean> = {
    slug: now.slug === sent.slug,
    title: now.title === sent.title,
    tools: JSON.stringify(now.tools) === JSON.stringify(sent.tools),
    panel: JSON.stringify(now.panel) === JSON.stringify(sent.panel),
    other: true,
  };
  for (const p of problemsOf(error)) {
    const section = sectionOf(p.field);
    if (same[section]) by[section].push(p);
  }
  return by;
}

/** "must not be empty" continues the field's name; any other sentence stands on its own. */
export function fieldText(noun: string, message: string): string {
  if (/^(must|is|are|has|contains|should|can|cannot)\b/.test(message)) return `${noun} ${message}.`;
  return capitalise(message);
}

/** A problem of one list item ("tools[1]"), named by position and (`nameOf`) name. */
export function itemText(p: FieldProblem, list: string[], section: 'tools' | 'panel', nameOf: (key: string) => string | undefined): string {
  if (p.index === null) return capitalise(p.message);
  const key = list[p.index];
  const name = key === undefined ? null : nameOf(key);
  return `${section === 'tools' ? 'Tool' : 'Reviewer'} ${p.index + 1}${name ? ` (${name})` : ''}: ${p.message}`;
}
