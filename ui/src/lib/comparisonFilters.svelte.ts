// The comparison list's filters, kept while the list is away (module state, not a component's).
import type { ComparisonStatus, ComparisonSummary } from './types';

export type StatusFilter = 'all' | ComparisonStatus | 'stale';

export interface ComparisonFilters {
  status: StatusFilter;
  /** A tool category; '' for any. */
  category: string;
  /** Words that must all appear in the title; '' for any. */
  text: string;
  /** A reviewer slug: pages with that reviewer on their panel; '' for any. */
  reviewer: string;
}

// Module state, not component state: the app unmounts the list while the editor is
// open, and coming back should show the same filtered list the user left.
export const filters = $state<ComparisonFilters>({ status: 'all', category: '', text: '', reviewer: '' });

export function resetComparisonFilters() {
  filters.status = 'all';
  filters.category = '';
  filters.text = '';
  filters.reviewer = '';
}

/** The status filter's choices, in the workflow's order. */
export const STATUS_OPTIONS: readonly { value: StatusFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'draft', label: 'Draft' },
  { value: 'in_review', label: 'In review' },
  { value: 'approved', label: 'Approved' },
  { value: 'scheduled', label: 'Scheduled' },
  { value: 'published', label: 'Published' },
  { value: 'stale', label: 'Stale' },
];

export function matchesStatus(c: ComparisonSummary, status: StatusFilter): boolean {
  if (status === 'all') return true;
  if (status === 'stale') return c.status === 'published' && c.stale;
  return c.status === status;
}
