// The UI's controls are drawn by the primitives of lib/ui, so that a style or accessibility fix
// lands once: no screen writes its own <button>, text <input>, <textarea>, <select> or <dialog>.
import { describe, expect, it } from 'vitest';

const sources = import.meta.glob<string>('./**/*.svelte', { query: '?raw', import: 'default', eager: true });
const inPrimitives = (path: string) => path.startsWith('./lib/ui/');

/**
 * The files whose markup holds `<tag` (`except` lets some of its tags be), besides those
 * `allowed` (the primitives).
 */
function writing(tag: string, except: (tagText: string) => boolean = () => false, allowed = inPrimitives): string[] {
  const open = new RegExp(`<${tag}[\\s>/][^]*?>`, 'g');
  return Object.entries(sources)
    .filter(([path, text]) => !allowed(path) && [...text.matchAll(open)].some((m) => !except(m[0])))
    .map(([path]) => path)
    .sort();
}

/** Check boxes and radio buttons stay plain inputs, drawn with their label. */
const choiceInput = (tag: string) => /\btype="(checkbox|radio)"/.test(tag);

describe('UI primitives', () => {
  it('reads every component of the UI', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(50);
    // The rule below would pass on an empty or misread set: the primitives themselves hold the tags.
    expect(sources['./lib/ui/Button.svelte']).toMatch(/<button[\s>]/);
  });

  it('draws every button with Button', () => {
    // The other primitives too: Button is the one place a <button> is written.
    expect(writing('button', undefined, (path) => path === './lib/ui/Button.svelte')).toEqual([]);
  });

  it('draws every text field and choice with TextInput, TextArea and Select', () => {
    expect(writing('input', choiceInput)).toEqual([]);
    expect(writing('textarea')).toEqual([]);
    expect(writing('select')).toEqual([]);
  });

  it('opens every modal with Dialog', () => {
    expect(writing('dialog')).toEqual([]);
  });
});
