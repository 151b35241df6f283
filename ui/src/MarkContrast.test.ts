// The highlight of comments' words (lib/ui/TextArea.svelte's backdrop, and every <mark>) is
// read through: the text drawn over it must keep WCAG AA contrast (4.5:1) in each appearance,
// light, dark chosen in Settings and dark from the system, whether the field is editable
// (--text) or read-only (--muted).
import { describe, expect, it } from 'vitest';

// Read from disk: the test runner hands a stylesheet imported here over empty.
const FS = 'node:fs';
const { readFileSync } = (await import(/* @vite-ignore */ FS)) as { readFileSync(path: string, encoding: 'utf8'): string };
const here = (import.meta as ImportMeta & { dirname: string }).dirname; // set by the test runner
const css = readFileSync(`${here}/app.css`, 'utf8');

/** The custom properties set in the first rule whose selector is `selector`. */
function tokens(selector: string): Record<string, string> {
  const at = css.indexOf(`${selector} {`);
  if (at < 0) throw new Error(`no rule ${selector}`);
  const body = css.slice(at, css.indexOf('}', at));
  return Object.fromEntries([...body.matchAll(/(--[a-z0-9-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((m) => [m[1]!, m[2]!.toLowerCase()]));
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

const light = tokens(':root');
const themes: [string, Record<string, string>][] = [
  ['light', light],
  ['dark (Settings)', { ...light, ...tokens(":root[data-theme='dark']") }],
  ['dark (system)', { ...light, ...tokens(":root:not([data-theme='light'])") }],
];

describe('the comment highlight', () => {
  it('measures contrast as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it.each(themes)('keeps the words over it readable in %s', (_name, theme) => {
    expect(theme['--mark']).toMatch(/^#/);
    expect(contrast(theme['--text']!, theme['--mark']!)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(theme['--muted']!, theme['--mark']!)).toBeGreaterThanOrEqual(4.5);
  });
});
