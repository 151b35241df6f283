// The desk's roles as people read them, and a person's initials for an avatar.
import type { Role } from './types';

/** A role as the desk names it. */
export const ROLE_LABELS: Record<Role, string> = {
  editor: 'Editor',
  reviewer: 'Reviewer',
  publisher: 'Publisher',
};

/** "Dana Xu" → "DX": the letters an avatar shows. */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.charAt(0) ?? '';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.charAt(0) ?? '') : '';
  return (first + last).toUpperCase() || '?';
}
