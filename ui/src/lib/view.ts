export type View = 'comparisons' | 'tools' | 'reviewers' | 'settings';

export interface ViewItem {
  id: View;
  label: string;
  /** Ctrl/Cmd + this key opens the screen. */
  key: string;
}

export const VIEWS: readonly ViewItem[] = [
  { id: 'comparisons', label: 'Comparisons', key: '1' },
  { id: 'tools', label: 'Tools', key: '2' },
  { id: 'reviewers', label: 'Reviewers', key: '3' },
  { id: 'settings', label: 'Settings', key: '4' },
];

