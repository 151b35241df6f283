import { describe, expect, it } from 'vitest';
import {
  exportNotice,
  readyLabel,
  targetAddedNotice,
  ariaShortcut,
  entityLabel,
  formatDate,
  formatPercent,
  groupSearchHits,
  highlightSegments,
  importSummary,
  isNewShortcut,
  isSearchShortcut,
  panelShipLine,
  planSummary,
  plural,
  progressCounts,
  progressLine,
  screenShortcut,
  shortcutLabel,
  slugify,
  splitProblems,
  statusLabel,
  targetKindLabel,
} from './format';
import type { SearchHit } from './types';

describe('formatPercent', () => {
  it('formats whole percentages', () => {
    expect(formatPercent(50)).toBe('50%');
    expect(formatPercent(100)).toBe('100%');
    expect(formatPercent(0)).toBe('0%');
  });
  it('rounds fractions', () => {
    expect(formatPercent(66.6667)).toBe('67%');
    expect(formatPercent(33.3333)).toBe('33%');
  });
  it('shows an em dash when there is no value', () => {
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(undefined)).toBe('—');
    expect(formatPercent(Number.NaN)).toBe('—');
  });
  it('clamps out-of-range values', () => {
    expect(formatPercent(140)).toBe('100%');
    expect(formatPercent(-3)).toBe('0%');
  });
});

describe('panelShipLine', () => {
  it('reads "x of y ship"', () => {
    expect(panelShipLine({ ship: 2, total: 4, percent: 50 })).toBe('2 of 4 ship');
    expect(panelShipLine({ ship: 4, total: 4, percent: 100 })).toBe('4 of 4 ship');
  });
  it('says so when nobody has voted', () => {
    expect(panelShipLine({ ship: 0, total: 0, percent: null })).toBe('No verdicts yet');
  });
});

describe('statusLabel', () => {
  it('labels every workflow status', () => {
    expect(statusLabel('draft')).toBe('Draft');
    expect(statusLabel('in_review')).toBe('In review');
    expect(statusLabel('approved')).toBe('Approved');
    expect(statusLabel('scheduled')).toBe('Scheduled');
    expect(statusLabel('published')).toBe('Published');
  });
  it('humanises unknown statuses instead of dropping them', () => {
    expect(statusLabel('needs_changes')).toBe('Needs changes');
    expect(statusLabel('')).toBe('—');
  });
});

describe('groupSearchHits', () => {
  const hit = (entity: SearchHit['entity'], key: string): SearchHit => ({ entity, key, title: key, snippet: '' });

  it('groups by kind in a fixed order and keeps ranking inside groups', () => {
    const groups = groupSearchHits([
      hit('tool', 't1'),
      hit('verdict', 'v1'),
      hit('comparison', 'c1'),
      hit('tool', 't2'),
      hit('reviewer', 'r1'),
      hit('comparison', 'c2'),
    ]);
    expect(groups.map((g) => g.entity)).toEqual(['comparison', 'tool', 'reviewer', 'verdict']);
    expect(groups.map((g) => g.label)).toEqual(['Comparisons', 'Tools', 'Reviewers', 'Verdicts']);
    expect(groups[0]?.hits.map((h) => h.key)).toEqual(['c1', 'c2']);
    expect(groups[1]?.hits.map((h) => h.key)).toEqual(['t1', 't2']);
  });
  it('returns no groups for no hits', () => {
    expect(groupSearchHits([])).toEqual([]);
  });
  it('puts kinds it does not know last instead of losing them', () => {
    const odd = { entity: 'newsletter', key: 'n', title: 'n', snippet: '' } as unknown as SearchHit;
    const groups = groupSearchHits([odd, hit('site', 's')]);
    expect(groups.map((g) => g.entity)).toEqual(['site', 'newsletter']);
  });
  it('labels entity kinds', () => {
    expect(entityLabel('site')).toBe('Site');
  });
});

describe('formatDate', () => {
  it('formats ISO dates and timestamps by their calendar date', () => {
    expect(formatDate('2025-03-07')).toBe('7 Mar 2025');
    expect(formatDate('2025-12-31T23:59:59-08:00')).toBe('31 Dec 2025');
  });
  it('handles missing and unparseable values', () => {
    expect(formatDate(null)).toBe('—');
    expect(formatDate('')).toBe('—');
    expect(formatDate('last week')).toBe('last week');
    expect(formatDate('2025-13-01')).toBe('2025-13-01');
  });
});

describe('plural', () => {
  it('picks singular or plural', () => {
    expect(plural(0, 'verdict')).toBe('0 verdicts');
    expect(plural(1, 'verdict')).toBe('1 verdict');
    expect(plural(2, 'verdict')).toBe('2 verdicts');
    expect(plural(2, 'child', 'children')).toBe('2 children');
  });
});

describe('highlightSegments', () => {
  it('marks case-insensitive matches and keeps all text', () => {
    const segs = highlightSegments('The DX bet is the bet', 'bet');
    expect(segs).toEqual([
      { text: 'The DX ', match: false },
      { text: 'bet', match: true },
      { text: ' is the ', match: false },
      { text: 'bet', match: true },
    ]);
    expect(segs.map((s) => s.text).join('')).toBe('The DX bet is the bet');
  });
  it('treats regex characters in the query literally', () => {
    expect(highlightSegments('costs $20/mo (usage)', '$20/mo (')).toEqual([
      { text: 'costs ', match: false },
      { text: '$20/mo', match: true },
      { text: ' ', match: false },
      { text: '(', match: true },
      { text: 'usage)', match: false },
    ]);
  });
  it('leaves markup-looking text as plain text', () => {
    const segs = highlightSegments('<img src=x onerror=alert(1)>', 'img');
    expect(segs.map((s) => s.text).join('')).toBe('<img src=x onerror=alert(1)>');
  });
  it('returns the whole text when the query is blank', () => {
    expect(highlightSegments('abc', '  ')).toEqual([{ text: 'abc', match: false }]);
    expect(highlightSegments('', 'abc')).toEqual([]);
  });
});

describe('isSearchShortcut', () => {
  const ev = (key: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) => ({
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...mods,
  });
  it('accepts Ctrl+K and Cmd+K', () => {
    expect(isSearchShortcut(ev('k', { ctrlKey: true }))).toBe(true);
    expect(isSearchShortcut(ev('K', { metaKey: true }))).toBe(true);
  });
  it('rejects other keys and modifiers', () => {
    expect(isSearchShortcut(ev('k'))).toBe(false);
    expect(isSearchShortcut(ev('j', { ctrlKey: true }))).toBe(false);
    expect(isSearchShortcut(ev('k', { ctrlKey: true, shiftKey: true }))).toBe(false);
  });
});

type Mods = Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>>;
const press = (key: string, mods: Mods = {}, code?: string) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
  ...(code === undefined ? {} : { code }),
});

describe('screenShortcut', () => {
  it('reads the digit of Ctrl/Cmd+1..9', () => {
    expect(screenShortcut(press('1', { ctrlKey: true }))).toBe(1);
    expect(screenShortcut(press('4', { metaKey: true }))).toBe(4);
  });
  it('uses the physical key when the layout types another character', () => {
    expect(screenShortcut(press('&', { ctrlKey: true }, 'Digit1'))).toBe(1);
    expect(screenShortcut(press('é', { ctrlKey: true }, 'Digit2'))).toBe(2);
  });
  it('ignores plain digits, other modifiers and other keys', () => {
    expect(screenShortcut(press('1'))).toBeNull();
    expect(screenShortcut(press('1', { ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(screenShortcut(press('1', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(screenShortcut(press('0', { ctrlKey: true }, 'Digit0'))).toBeNull();
    expect(screenShortcut(press('k', { ctrlKey: true }, 'KeyK'))).toBeNull();
  });
});

describe('isNewShortcut', () => {
  it('accepts Ctrl+N and Cmd+N only', () => {
    expect(isNewShortcut(press('n', { ctrlKey: true }))).toBe(true);
    expect(isNewShortcut(press('N', { metaKey: true }))).toBe(true);
    expect(isNewShortcut(press('n'))).toBe(false);
    expect(isNewShortcut(press('n', { ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(isNewShortcut(press('m', { ctrlKey: true }))).toBe(false);
  });
});

describe('shortcut labels', () => {
  it('writes shortcuts the platform way', () => {
    expect(shortcutLabel('1', false)).toBe('Ctrl+1');
    expect(shortcutLabel('k', true)).toBe('⌘K');
    expect(ariaShortcut('n')).toBe('Control+N Meta+N');
  });
});

describe('slugify', () => {
  it('makes a slug of a name', () => {
    expect(slugify('Dana Xu')).toBe('dana-xu');
    expect(slugify('  Llama 4 Scout (Quantized)! ')).toBe('llama-4-scout-quantized');
    expect(slugify('Ünïcode -- only')).toBe('n-code-only');
    expect(slugify('')).toBe('');
    expect(slugify('x'.repeat(120))).toHaveLength(100);
  });
});

describe('splitProblems', () => {
  it('splits a header and one problem per line', () => {
    const message = 'the bundle was refused and nothing was changed:\n  tools[0].name: must not be empty\n  version: missing';
    expect(splitProblems(message)).toEqual({
      summary: 'the bundle was refused and nothing was changed',
      problems: ['tools[0].name: must not be empty', 'version: missing'],
    });
  });
  it('splits "; "-separated problems', () => {
    expect(splitProblems('name: must not be empty; roles: give the profile at least one role')).toEqual({
      summary: null,
      problems: ['name: must not be empty', 'roles: give the profile at least one role'],
    });
  });
  it('keeps a single message whole', () => {
    expect(splitProblems('the file cannot be read')).toEqual({ summary: 'the file cannot be read', problems: [] });
    expect(splitProblems('refused:\n  version: missing')).toEqual({ summary: 'refused', problems: ['version: missing'] });
  });
});

describe('importSummary', () => {
  it('counts what an import did', () => {
    expect(importSummary({ created: 2, updated: 1, unchanged: 0 })).toBe('2 created, 1 updated, 0 unchanged');
  });
});

describe('publishing', () => {
  const progress = { done: 2, unchanged: 1, retries: 0, failed: 0, conflicts: 0, remaining: 5 };

  it('counts what a run has settled', () => {
    expect(progressCounts(progress)).toEqual({ settled: 3, total: 8, percent: 38 });
    expect(progressCounts({ ...progress, failed: 1, conflicts: 1, remaining: 0 })).toEqual({ settled: 5, total: 5, percent: 100 });
    expect(progressCounts({ done: 0, unchanged: 0, retries: 0, failed: 0, conflicts: 0, remaining: 0 }).percent).toBe(100);
  });

  it('says where a run stands', () => {
    expect(progressLine(progress)).toBe('3 of 8 finished: 2 sent, 1 unchanged · 5 waiting');
    expect(progressLine({ ...progress, failed: 1, conflicts: 2, retries: 1, remaining: 0 })).toBe(
      'All 6 finished: 2 sent, 1 unchanged, 1 failed, 2 conflicts, 1 retry',
    );
    expect(progressLine({ done: 0, unchanged: 0, retries: 0, failed: 0, conflicts: 0, remaining: 0 })).toBe('Nothing to send');
  });

  it('sums up a publish plan', () => {
    const pair = (n: number) => Array.from({ length: n }, (_, i) => ['site', `page-${i}`]);
    expect(planSummary({ queued: pair(3), unchanged: pair(12), kept_remote: [] })).toBe('3 queued to send, 12 unchanged');
    expect(planSummary({ queued: [], unchanged: [], kept_remote: pair(1) })).toBe('Nothing to send, 1 kept theirs');
    expect(planSummary({ queued: [], unchanged: [], kept_remote: [] })).toBe('Nothing to send');
  });

  it('names the kinds of target', () => {
    expect(targetKindLabel('http')).toBe('Page API');
    expect(targetKindLabel('wordpress')).toBe('WordPress');
    expect(targetKindLabel('folder')).toBe('Folder');
    expect(targetKindLabel('ghost')).toBe('Ghost');
    expect(targetKindLabel('ftp')).toBe('ftp');
  });
});

describe('wording (issue 18, item 9)', () => {
  it('promises "Ready to publish" only to a publisher, on a page not out already', () => {
    expect(readyLabel('approved', false, true).short).toBe('Ready to publish');
    expect(readyLabel('approved', false, false).short).toBe('No problems');
    expect(readyLabel('published', true, true).short).toBe('Ready to republish');
    expect(readyLabel('published', true, false).long).toBe('No problems found: a publisher can republish it.');
    expect(readyLabel('published', false, true).short).toBe('No problems');
  });

  it('says what a bundle holds and what a target test checks', () => {
    expect(exportNotice('/tmp/desk.json')).toMatch(/tools, reviewers, verdicts, comparisons/);
    expect(exportNotice('/tmp/desk.json')).toMatch(/Profiles and publishing targets .* are not part of a bundle/);
    expect(targetAddedNotice('site', 'folder')).toBe('Added the folder target “site”. Test it to check that the folder can be written.');
    expect(targetAddedNotice('site', 'folder')).not.toContain('secret');
    expect(targetAddedNotice('api', 'http')).toContain('the address and the token');
  });
});
