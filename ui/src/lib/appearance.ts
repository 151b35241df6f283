// How the desk itself looks on this computer: the system's colours, or light or dark.
/** The desk's own colours: the system's choice, or one fixed by the person. */
export type Appearance = 'system' | 'light' | 'dark';

const APPEARANCE_KEY = 'verdict-desk.appearance';

/** The choice remembered on this computer ('system' when none). */
export function storedAppearance(): Appearance {
  try {
    const value = globalThis.localStorage?.getItem(APPEARANCE_KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

/**
 * "System" leaves <html> without data-theme so app.css follows prefers-color-scheme;
 * a fixed choice overrides the media query.
 */
export function applyAppearance(appearance: Appearance) {
  if (typeof document === 'undefined') return;
  const root = document.documentElement;
  if (appearance === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', appearance);
}

/** Remembers the choice on this computer. */
export function storeAppearance(appearance: Appearance) {
  try {
    if (appearance === 'system') globalThis.localStorage?.removeItem(APPEARANCE_KEY);
    else globalThis.localStorage?.setItem(APPEARANCE_KEY, appearance);
  } catch {
    // no storage: the choice lasts for this run only
  }
}
