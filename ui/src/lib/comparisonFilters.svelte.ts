// The comparison list's filters, kept while the list is away (module state, not a component's).
import type { ComparisonStatus } from './types';

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
