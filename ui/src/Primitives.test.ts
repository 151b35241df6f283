// The UI's controls are drawn by the primitives of lib/ui, so that a style or accessibility fix
// lands once: no screen writes its own <button>.
import { describe, expect, it } from 'vitest';

const sources = import.meta.glob<string>('./**/*.svelte', { query: '?raw', import: 'default', eager: true });
const inPrimitives = (path: string) => path.startsWith('./lib/ui/');

/** The files outside lib/ui whose markup holds `<tag`. */
function writing(tag: string): string[] {
  const open = new RegExp(`<${tag}[\\s>/]`);
  return Object.entries(sources)
    .filter(([path, text]) => !inPrimitives(path) && open.test(text))
    .map(([path]) => path)
    .sort();
}

describe('UI primitives', () => {
  it('reads every component of the UI', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(50);
    // The rule below would pass on an empty or misread set: the primitives themselves hold the tags.
    expect(sources['./lib/ui/Button.svelte']).toMatch(/<button[\s>]/);
  });

  it('draws every button with Button', () => {
    expect(writing('button')).toEqual([]);
  });
});
