export type View = 'comparisons' | 'tools' | 'reviewers';

export const VIEWS: readonly { id: View; label: string }[] = [
  { id: 'comparisons', label: 'Comparisons' },
  { id: 'tools', label: 'Tools' },
  { id: 'reviewers', label: 'Reviewers' },
];
