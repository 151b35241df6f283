// Field problems from the core's refusals: each entry of an `invalid` error's `problems`
// list, sorted under the form field it names. No message text is parsed.
import { sectionOf } from '../editor';
import type { FormSection } from '../editor';
import type { ApiError } from '../types';

export interface FieldProblem {
  /** The core's field path, e.g. "tools[1]"; empty when the core named none. */
  field: string;
  /** The comparison form's section the path belongs to, if any. */
  section: FormSection | null;
  /** The list position for "tools[1]" / "panel[0]", else null. */
  index: number | null;
  message: string;
}

/** One problem, with the section and list position its path names. */
export function fieldProblem(field: string, message: string): FieldProblem {
  const index = /^[a-z_]+\[(\d+)\]/.exec(field)?.[1];
  return { field, section: sectionOf(field), index: index === undefined ? null : Number(index), message };
}

/**
 * The problems of an `invalid` refusal, one per field the core named; none for any other
 * error. An `invalid` error with no list but a `field` is that field's one problem, so
 * nothing the core said is dropped.
 */
export function problemsOf(err: ApiError | null | undefined): FieldProblem[] {
  if (!err || err.code !== 'invalid') return [];
  if (err.problems.length > 0) return err.problems.map((p) => fieldProblem(p.field, p.message));
  return err.field ? [fieldProblem(err.field, err.message)] : [];
}

/** Problems sorted under keys (a form's fields, or 'other'), by `keyOf` of each path. */
export function groupProblems<K extends string>(
  problems: readonly FieldProblem[],
  keys: readonly K[],
  keyOf: (field: string) => K | 'other',
): Record<K | 'other', FieldProblem[]> {
  const by = Object.fromEntries([...keys, 'other'].map((k) => [k, [] as FieldProblem[]])) as Record<K | 'other', FieldProblem[]>;
  for (const p of problems) by[keyOf(p.field)].push(p);
  return by;
}

/**
 * One line of text per field for a refusal: each problem under the field it names (after
 * `prefix`, e.g. "site."), the rest (and any error that is not `invalid`) under "other",
 * there with its path so it still says what it is about.
 */
export function fieldMessages<F extends string>(
  err: ApiError,
  fields: readonly F[],
  options: { prefix?: string; shown?: (field: F) => boolean } = {},
): Partial<Record<F | 'other', string>> {
  const { prefix = '', shown = () => true } = options;
  const by: Partial<Record<F | 'other', string[]>> = {};
  const problems = problemsOf(err);
  if (problems.length === 0) problems.push(fieldProblem('', err.message));
  for (const p of problems) {
    const path = prefix && p.field.startsWith(prefix) ? p.field.slice(prefix.length) : p.field;
    const known = (fields as readonly string[]).includes(path) && shown(path as F);
    const key: F | 'other' = known ? (path as F) : 'other';
    (by[key] ??= []).push(key === 'other' && p.field ? `${p.field}: ${p.message}` : p.message);
  }
  const out: Partial<Record<F | 'other', string>> = {};
  for (const [k, v] of Object.entries(by) as [F | 'other', string[]][]) out[k] = v.join('; ');
  return out;
}
