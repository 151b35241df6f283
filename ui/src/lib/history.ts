// History as people read it: a run of saves by one person, close together in time, is one
// entry ("Inès changed dek and title · 10:42–10:51 · 9 saves"), with its revisions kept
// underneath.
import type { RevisionView } from './types';

/** Saves by the same person further apart than this start a new entry. */
export const RUN_GAP_MS = 15 * 60 * 1000;

export interface RevisionRun {
  author: string | null;
  /** Newest first, as the history lists them. */
  revisions: RevisionView[];
  /** Every field the run changed, in the order first met (newest save first). */
  fields: string[];
}

/** Groups a history (newest first) into runs of one author's saves. */
export function groupRevisions(revisions: readonly RevisionView[]): RevisionRun[] {
  const runs: RevisionRun[] = [];
  let last: RevisionView | null = null;
  for (const r of revisions) {
    const run = runs[runs.length - 1];
    const close = last !== null && Math.abs(Date.parse(last.saved_at) - Date.parse(r.saved_at)) <= RUN_GAP_MS;
    // The first version stands alone: it "adds" every field and is folded on its own.
    const first = r.number === 1 || (run?.revisions[0]?.number ?? 0) === 1;
    if (run && close && run.author === r.author && !first) {
      run.revisions.push(r);
      for (const c of r.changes) if (!run.fields.includes(c.field)) run.fields.push(c.field);
    } else {
      runs.push({ author: r.author, revisions: [r], fields: r.changes.map((c) => c.field) });
    }
    last = r;
  }
  return runs;
}
